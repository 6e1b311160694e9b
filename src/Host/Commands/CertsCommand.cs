using System.Text.RegularExpressions;
using ProdStock.Host.Certificates;

namespace ProdStock.Host.Commands;

/// <summary>
/// <c>certs [--out DIR] [--ca-key-dir KEYDIR] [--force]</c>: creates a private CA and a server and a client certificate
/// as PEM files, the CA key apart in KEYDIR (default DIR/ca); <c>certs --client NAME [--out DIR] [--ca-key-dir KEYDIR]
/// [--force]</c>: issues one more client certificate, signed by that CA.
/// </summary>
internal sealed partial class CertsCommand(TimeProvider clock) : IHostCommand
{
    public const string DefaultFolder = "certs";

    /// <summary>The file names the set itself uses; <c>--client</c> refuses them.</summary>
    private static readonly string[] ReservedNames = ["ca", "server", "client"];

    public string Name => "certs";

    public string Summary => "certs [--out DIR] [--ca-key-dir KEYDIR] [--force] [--client NAME]   create a CA, a server and a client certificate (PEM) in DIR (default: certs), the CA key in KEYDIR (default: DIR/ca); with --client, only NAME.pem/NAME.key signed by that CA";

    private static string Help => $"""
        usage: certs [--out DIR] [--ca-key-dir KEYDIR] [--force]
                 create ca.pem, server.pem/server.key and client.pem/client.key in DIR (default: {DefaultFolder}), and the
                 CA key ca.key in KEYDIR (default: DIR/{CaKeyLocation.DefaultSubfolder}, mode 0700), never beside the server's files.
                 The server never reads ca.key: keep it offline once client certificates are issued.
               certs --client NAME [--out DIR] [--ca-key-dir KEYDIR] [--force]
                 issue one more client certificate, NAME.pem/NAME.key, signed by DIR/ca.pem and KEYDIR/ca.key, with CN=NAME,
                 clientAuth and the names of client.pem. NAME: 1 to 64 of A-Z a-z 0-9 . _ - starting with a letter or digit (not ca, server, client).
                 To let it change stock, list it in ProdStock:Authorization:StockWriters, e.g.
                 --ProdStock:Authorization:StockWriters:0=NAME (or ProdStock__Authorization__StockWriters__0=NAME).
        Existing files are kept unless --force.
        """;

    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        var folder = DefaultFolder;
        var force = false;
        string? client = null;
        string? caKeyFolder = null;
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
                case "--client" or "-c" when i + 1 < arguments.Count:
                    client = arguments[++i];
                    break;
                case "--ca-key-dir" when i + 1 < arguments.Count:
                    caKeyFolder = arguments[++i];
                    break;
                case "--help" or "-h":
                    output.WriteLine(Help);
                    return Task.FromResult(0);
                default:
                    error.WriteLine($"certs: unknown or incomplete argument '{arguments[i]}'.");
                    error.WriteLine("usage: " + Summary);
                    return Task.FromResult(HostCommandLine.UsageExitCode);
            }
        }

        if (client is not null && (!ClientName().IsMatch(client) || ReservedNames.Contains(client, StringComparer.OrdinalIgnoreCase)))
        {
            error.WriteLine($"certs: --client '{client}' is not a usable name: use 1 to 64 of A-Z a-z 0-9 . _ - starting with a letter or digit, not ca, server or client.");
            return Task.FromResult(HostCommandLine.UsageExitCode);
        }

        try
        {
            var path = Path.GetFullPath(folder);
            var keyFolder = caKeyFolder is null ? null : Path.GetFullPath(caKeyFolder);
            var written = client is null
                ? DevelopmentCertificateWriter.Write(path, force, clock, keyFolder)
                : DevelopmentCertificateWriter.WriteClient(path, client, force, clock, keyFolder, warning => error.WriteLine($"certs: warning: {warning}"));
            foreach (var file in written)
            {
                output.WriteLine($"wrote {file}");
            }

            output.WriteLine("Private keys (*.key) are readable by their owner only; keep them out of source control.");
            if (client is null)
            {
                output.WriteLine($"The server never reads the CA key ({CaKeyLocation.PathIn(path, keyFolder)}): it only signs client certificates. Keep it offline.");
            }
            if (client is not null)
            {
                output.WriteLine($"To let '{client}' change stock, add it to ProdStock:Authorization:StockWriters (e.g. --ProdStock:Authorization:StockWriters:0={client}).");
            }

            return Task.FromResult(0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"certs: {ex.Message}");
            return Task.FromResult(1);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ClientName();
}
