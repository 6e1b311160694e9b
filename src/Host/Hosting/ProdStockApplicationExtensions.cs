using Microsoft.Extensions.Options;
using ProdStock.Services.Storage;

namespace ProdStock.Host.Hosting;

/// <summary>Starts and runs a ProdStock application.</summary>
public static partial class ProdStockApplicationExtensions
{
    /// <summary>Exit code of a host that could not start as configured.</summary>
    public const int StartupFailedExitCode = 2;

    /// <summary>Prepares the store (schema, demo data), then starts the server. Returns once it listens.</summary>
    /// <param name="app">The application.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task StartProdStockAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.GetRequiredService<IStoreInitializer>().InitializeAsync(cancellationToken).ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the application and runs it until it is stopped (Ctrl+C, SIGTERM). Returns 0 after a clean stop, or
    /// <see cref="StartupFailedExitCode"/> when the host cannot start as configured (the reason is logged).
    /// </summary>
    /// <param name="app">The application.</param>
    public static async Task<int> RunProdStockAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.StartProdStockAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HostStartupException or OptionsValidationException or IOException)
        {
            LogStartupFailed(app.Logger, ex.Message);
            return StartupFailedExitCode;
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "ProdStock cannot start: {Reason}")]
    private static partial void LogStartupFailed(ILogger logger, string reason);
}
