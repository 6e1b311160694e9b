using System.CommandLine;

namespace ProdStock.Host.Commands;

/// <summary>
/// <c>gateway --upstream URL [--Section:Key=value …]</c>: serves only the REST/JSON gateway and forwards every call to
/// a ProdStock gRPC server over mutual TLS, like the tutorial's <c>httpserver.go</c>.
/// </summary>
/// <param name="settings">The configuration arguments of the command line (<see cref="ConfigurationArguments"/>).</param>
/// <param name="serve">Builds and runs the gateway host.</param>
/// <param name="verbose">The shared <c>--verbose</c> option.</param>
internal sealed class GatewayCommand(IReadOnlyList<string> settings, Func<HostLaunch, Task<int>> serve, Option<bool> verbose) : IHostCommand
{
    private readonly Option<string> _upstream = new("--upstream")
    {
        Description = "The ProdStock gRPC server to forward to, e.g. https://localhost:10086 (client certificates: ProdStock:Gateway:Upstream:CaCertificatePath, ClientCertificatePath, ClientKeyPath).",
        HelpName = "URL",
        Required = true,
    };

    /// <summary>Runs the command with the arguments after its name; returns the process exit code.</summary>
    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error) =>
        HostCommandLine.RunCommandAsync(Create(), arguments, output, error);

    public Command Create()
    {
        _upstream.Validators.Add(result =>
        {
            if (!IsHttps(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"--upstream must be an https address such as https://localhost:10086 (got '{result.GetValueOrDefault<string>()}').");
            }
        });
        var command = new Command("gateway", "Serve only the REST/JSON gateway, forwarding every call to the gRPC server at URL over mutual TLS; takes the same settings as serving.")
        {
            _upstream,
        };
        command.SetAction(parse =>
        {
            IsHttps(parse.GetValue(_upstream), out var upstream);
            return serve(new HostLaunch(settings, parse.GetValue(verbose), upstream));
        });
        return command;
    }

    private static bool IsHttps(string? value, out Uri? upstream) =>
        Uri.TryCreate(value, UriKind.Absolute, out upstream) && upstream.Scheme == Uri.UriSchemeHttps;
}
