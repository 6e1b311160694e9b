using ProdStock.Host.Certificates;

namespace ProdStock.Host.Commands;

/// <summary><c>certs [--out DIR] [--force]</c>: creates a private CA and a server and a client certificate as PEM files.</summary>
internal sealed class CertsCommand(TimeProvider clock) : IHostCommand
{
    public const string DefaultFolder = "certs";

    public string Name => "certs";

    public string Summary => "certs [--out DIR] [--force]   create a CA, a server and a client certificate (PEM) in DIR (default: certs)";

    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        var folder = DefaultFolder;
        var force = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--out" or "-o" when i + 1 < arguments.Count:
                    folder = arguments[++i];
                    break;
                case "--force" or "-f":
                    force = true;
                    break;
                case "--help" or "-h":
                    output.WriteLine("usage: " + Summary);
                    return Task.FromResult(0);
                default:
                    error.WriteLine($"certs: unknown or incomplete argument '{arguments[i]}'.");
                    error.WriteLine("usage: " + Summary);
                    return Task.FromResult(HostCommandLine.UsageExitCode);
            }
        }

        try
        {
            var written = DevelopmentCertificateWriter.Write(Path.GetFullPath(folder), force, clock);
            foreach (var path in written)
            {
                output.WriteLine($"wrote {path}");
            }

            output.WriteLine("Private keys (*.key) are readable by their owner only; keep them out of source control.");
            return Task.FromResult(0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"certs: {ex.Message}");
            return Task.FromResult(1);
        }
    }
}
