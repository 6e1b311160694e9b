using CodeFirst.Schema;

namespace ProdStock.Host.Commands;

/// <summary>
/// <c>proto [--out DIR] [--go-package P] [--csharp-namespace N] [--java-package J]</c>: writes the <c>.proto</c> schema
/// emitted from the C# contracts and every file it imports into DIR.
/// </summary>
internal sealed class ProtoCommand : IHostCommand
{
    public const string DefaultFolder = "protos";

    public string Name => "proto";

    public string Summary => $"proto [--out DIR] [--go-package P] [--csharp-namespace N] [--java-package J]  write {ProdStockSchema.FileName}, emitted from the C# contracts, and the files it imports into DIR (default: protos)";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        var folder = DefaultFolder;
        string? goPackage = null, csharpNamespace = null, javaPackage = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--out" or "-o" when i + 1 < arguments.Count:
                    folder = arguments[++i];
                    break;
                case "--go-package" when i + 1 < arguments.Count:
                    goPackage = arguments[++i];
                    break;
                case "--csharp-namespace" when i + 1 < arguments.Count:
                    csharpNamespace = arguments[++i];
                    break;
                case "--java-package" when i + 1 < arguments.Count:
                    javaPackage = arguments[++i];
                    break;
                case "--help" or "-h":
                    await output.WriteLineAsync("usage: " + Summary).ConfigureAwait(false);
                    return 0;
                default:
                    await error.WriteLineAsync($"proto: unknown or incomplete argument '{arguments[i]}'.").ConfigureAwait(false);
                    await error.WriteLineAsync("usage: " + Summary).ConfigureAwait(false);
                    return HostCommandLine.UsageExitCode;
            }
        }

        IReadOnlyList<ProtoSchemaFile> files;
        try
        {
            files = ProdStockSchema.ExportWithImports(ProdStockSchema.Options(goPackage, csharpNamespace, javaPackage));
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"proto: {ex.Message}").ConfigureAwait(false);
            return HostCommandLine.UsageExitCode;
        }

        try
        {
            var written = await SchemaFolderWriter.WriteAsync(folder, files).ConfigureAwait(false);
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
