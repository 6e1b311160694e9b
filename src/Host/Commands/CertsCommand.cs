using System.CommandLine;
using System.Text.RegularExpressions;
using ProdStock.Host.Certificates;

namespace ProdStock.Host.Commands;

/// <summary>
/// <c>certs [--out DIR] [--force]</c>: creates a private CA and a server and a client certificate as PEM files;
/// <c>certs --client NAME [--out DIR] [--force]</c>: issues one more client certificate, signed by the CA in DIR.
/// </summary>
internal sealed partial class CertsCommand(TimeProvider clock) : IHostCommand
{
    public const string DefaultFolder = "certs";

    /// <summary>The file names the set itself uses; <c>--client</c> refuses them.</summary>
    private static readonly string[] ReservedNames = ["ca", "server", "client"];

    private readonly Option<string> _out = new("--out", "-o")
    {
        Description = "The folder of the PEM files.",
        HelpName = "DIR",
        DefaultValueFactory = _ => DefaultFolder,
    };

    private readonly Option<bool> _force = new("--force", "-f") { Description = "Overwrite existing files (they are kept otherwise)." };

    private readonly Option<string?> _caKeyDir = new("--ca-key-dir")
    {
        Description = $"The folder of the CA key ca.key (default: DIR/{CaKeyLocation.DefaultSubfolder}, mode 0700), never beside the server's files: the server never reads it; keep it offline once client certificates are issued.",
        HelpName = "KEYDIR",
    };

    private readonly Option<string?> _client = new("--client", "-c")
    {
        Description = "Issue only NAME.pem/NAME.key, signed by DIR/ca.pem and KEYDIR/ca.key, with CN=NAME and clientAuth. NAME: 1 to 64 of A-Z a-z 0-9 . _ - starting with a letter or digit (not ca, server, client). To let it change stock, list it in ProdStock:Authorization:StockWriters, e.g. --ProdStock:Authorization:StockWriters:0=NAME.",
        HelpName = "NAME",
    };

    /// <summary>Runs the command with the arguments after its name; returns the process exit code.</summary>
    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error) =>
        HostCommandLine.RunCommandAsync(Create(), arguments, output, error);

    public Command Create()
    {
        _client.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } name && (!ClientName().IsMatch(name) || ReservedNames.Contains(name, StringComparer.OrdinalIgnoreCase)))
            {
                result.AddError($"--client '{name}' is not a usable name: use 1 to 64 of A-Z a-z 0-9 . _ - starting with a letter or digit, not ca, server or client.");
            }
        });
        var command = new Command("certs", "Create a private CA, a server and a client certificate (PEM, ECDSA P-256, for localhost, 127.0.0.1 and ::1) in DIR; with --client, one more client certificate.")
        {
            _out, _caKeyDir, _force, _client,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var client = parse.GetValue(_client);
        try
        {
            var path = Path.GetFullPath(parse.GetValue(_out)!);
            var force = parse.GetValue(_force);
            var keyFolder = parse.GetValue(_caKeyDir) is { } caKeyDir ? Path.GetFullPath(caKeyDir) : null;
            var error = parse.InvocationConfiguration.Error;
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

            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"certs: {ex.Message}");
            return 1;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ClientName();
}
