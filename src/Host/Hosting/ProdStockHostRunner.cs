using ProdStock.Host.Commands;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Builds and runs the host the command line asks for (serving, or the remote REST gateway). A configuration that
/// cannot be used, already while the host is built (a malformed appsettings.json, a value of the wrong type), ends it
/// with <see cref="ProdStockApplicationExtensions.StartupFailedExitCode"/> and one line that names it.
/// </summary>
internal static class ProdStockHostRunner
{
    public static async Task<int> RunAsync(HostLaunch launch)
    {
        WebApplication app;
        try
        {
            // appsettings.json comes from the application's folder; relative paths in settings are resolved against the working directory.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = [.. launch.Settings],
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = DefaultEnvironment.Resolve(launch.Settings),
            });
            if (launch.GatewayUpstream is { } upstream)
            {
                builder.Services.AddProdStockRemoteGateway(upstream);
            }
            else
            {
                builder.Services.AddProdStock();
            }

            app = builder.Build();
        }
        catch (Exception ex) when (StartupFailure.Describe(ex, configuration: null) is { } reason)
        {
            await Console.Error.WriteLineAsync($"ProdStock cannot start: {reason}").ConfigureAwait(false);
            if (launch.Verbose)
            {
                await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return ProdStockApplicationExtensions.StartupFailedExitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            app.MapProdStock();
            return await app.RunProdStockAsync(launch.Verbose).ConfigureAwait(false);
        }
    }
}
