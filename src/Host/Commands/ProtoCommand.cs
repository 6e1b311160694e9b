using System.CommandLine;
using CodeFirst.Schema;

namespace ProdStock.Host.Commands;

/// <summary>
/// <c>proto [--out DIR] [--go-package P] [--csharp-namespace N] [--java-package J]</c>: writes the <c>.proto</c> schema
/// emitted from the C# contracts and every file it imports into DIR.
/// </summary>
internal sealed class ProtoCommand : IHostCommand
{
    public const string DefaultFolder = "protos";

    private readonly Option<string> _out = new("--out", "-o")
    {
        Description = $"The folder to write {ProdStockSchema.FileName} and the files it imports into.",
        HelpName = "DIR",
        DefaultValueFactory = _ => DefaultFolder,
    };

    private readonly Option<string?> _goPackage = new("--go-package") { Description = "The schema's go_package option (default: the schema's own).", HelpName = "P" };

    private readonly Option<string?> _csharpNamespace = new("--csharp-namespace") { Description = "The schema's csharp_namespace option.", HelpName = "N" };

    private readonly Option<string?> _javaPackage = new("--java-package") { Description = "The schema's java_package option.", HelpName = "J" };

    /// <summary>Runs the command with the arguments after its name; returns the process exit code.</summary>
    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error) =>
        HostCommandLine.RunCommandAsync(Create(), arguments, output, error);

    public Command Create()
    {
        var command = new Command("proto", $"Write {ProdStockSchema.FileName}, emitted from the C# contracts, and every file it imports into DIR, so that protoc -I DIR compiles it alone.")
        {
            _out, _goPackage, _csharpNamespace, _javaPackage,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        IReadOnlyList<ProtoSchemaFile> files;
        try
        {
            files = ProdStockSchema.ExportWithImports(ProdStockSchema.Options(parse.GetValue(_goPackage), parse.GetValue(_csharpNamespace), parse.GetValue(_javaPackage)));
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"proto: {ex.Message}").ConfigureAwait(false);
            return HostCommandLine.UsageExitCode;
        }

        try
        {
            var written = await SchemaFolderWriter.WriteAsync(parse.GetValue(_out)!, files).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {written[0]} and {written.Count - 1} imported files and licences beside it").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"proto: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
