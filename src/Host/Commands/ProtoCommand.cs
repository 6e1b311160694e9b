using System.CommandLine;

namespace ProdStock.Host.Commands;

/// <summary><c>proto [--out DIR]</c>: writes the <c>.proto</c> schema emitted from the C# contracts.</summary>
internal sealed class ProtoCommand : IHostCommand
{
    public const string DefaultFolder = "protos";

    private readonly Option<string> _out = new("--out", "-o")
    {
        Description = $"The folder to write {ProdStockSchema.FileName} into.",
        HelpName = "DIR",
        DefaultValueFactory = _ => DefaultFolder,
    };

    /// <summary>Runs the command with the arguments after its name; returns the process exit code.</summary>
    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error) =>
        HostCommandLine.RunCommandAsync(Create(), arguments, output, error);

    public Command Create()
    {
        var command = new Command("proto", $"Write {ProdStockSchema.FileName}, emitted from the C# contracts, into DIR.") { _out };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        try
        {
            var folder = parse.GetValue(_out)!;
            Directory.CreateDirectory(folder);
            var path = Path.GetFullPath(Path.Combine(folder, ProdStockSchema.FileName));
            await File.WriteAllTextAsync(path, ProdStockSchema.Export(), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"proto: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
