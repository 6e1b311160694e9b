using ProdStock.Host.Hosting;

namespace ProdStock.Host.Commands;

/// <summary>
/// <c>gateway --upstream URL [--Section:Key=value …]</c>: serves only the REST/JSON gateway and forwards every call to
/// a ProdStock gRPC server over mutual TLS, like the tutorial's <c>httpserver.go</c>.
/// </summary>
internal sealed class GatewayCommand : IHostCommand
{
    public string Name => "gateway";

    public string Summary => "gateway --upstream URL [--Section:Key=value ...]   serve only the REST gateway, forwarding to the gRPC server at URL";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        Uri? upstream = null;
        var configuration = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--upstream" when i + 1 < arguments.Count:
                    if (!Uri.TryCreate(arguments[++i], UriKind.Absolute, out upstream) || upstream.Scheme != Uri.UriSchemeHttps)
                    {
                        await error.WriteLineAsync($"gateway: --upstream must be an https address such as https://localhost:10086 (got '{arguments[i]}').").ConfigureAwait(false);
                        return HostCommandLine.UsageExitCode;
                    }

                    break;
                case "--help" or "-h":
                    await output.WriteLineAsync("usage: " + Summary).ConfigureAwait(false);
                    return 0;
                default:
                    configuration.Add(arguments[i]);
                    break;
            }
        }

        if (upstream is null)
        {
            await error.WriteLineAsync("gateway: --upstream is required.").ConfigureAwait(false);
            await error.WriteLineAsync("usage: " + Summary).ConfigureAwait(false);
            return HostCommandLine.UsageExitCode;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. configuration], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddProdStockRemoteGateway(upstream);
        await using var app = builder.Build();
        app.MapProdStock();
        return await app.RunProdStockAsync().ConfigureAwait(false);
    }
}
