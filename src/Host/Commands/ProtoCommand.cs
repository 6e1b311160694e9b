using CodeFirst.Schema;
using CodeFirst.Model;

namespace ProdStock.Host.Commands;

/// <summary><c>proto [--out DIR]</c>: writes the <c>.proto</c> schema emitted from the C# contracts.</summary>
internal sealed class ProtoCommand : IHostCommand
{
    public const string DefaultFolder = "protos";

    public string Name => "proto";

    public string Summary => $"proto [--out DIR]               write {ProdStockSchema.FileName}, emitted from the C# contracts, into DIR (default: protos)";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        var folder = DefaultFolder;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--out" or "-o" when i + 1 < arguments.Count:
                    folder = arguments[++i];
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

        try
        {
            Directory.CreateDirectory(folder);
            var path = Path.GetFullPath(Path.Combine(folder, ProdStockSchema.FileName));
            await File.WriteAllTextAsync(path, ProdStockSchema.Export()).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"proto: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
