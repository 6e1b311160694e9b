using Microsoft.Extensions.Options;
using ProdStock.Host.Certificates;
using ProdStock.Host.Configuration;
using ProdStock.Host.Health;
using ProdStock.Services.Storage;

namespace ProdStock.Host.Hosting;

/// <summary>Starts and runs a ProdStock application.</summary>
public static partial class ProdStockApplicationExtensions
{
    /// <summary>Exit code of a host that could not start as configured.</summary>
    public const int StartupFailedExitCode = 2;

    /// <summary>
    /// Loads the TLS certificates (creating them in Development when configured to), prepares the store (schema,
    /// demo data), then starts the server. Returns once it listens.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="HostStartupException">The certificates are missing or unusable.</exception>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    /// <exception cref="StoreUnavailableException">The store (PostgreSQL) cannot be reached or refuses the connection.</exception>
    public static async Task StartProdStockAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Every option validated on start, before anything is created, so a bad setting is reported rather than what it breaks.
        SettingKeys.ThrowIfUnknown(app.Configuration);
        app.Services.GetService<IStartupValidator>()?.Validate();
        var options = app.Services.GetRequiredService<IOptions<ProdStockHostOptions>>().Value;
        ListenerPortCheck.ThrowIfTaken(options);
        app.Services.GetRequiredService<ServerTlsMaterial>().EnsureLoaded();
        if (app.Services.GetService<IStoreInitializer>() is { } store)
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        // The read model is loaded: from now on the store's health (and /readyz) says whether it still answers.
        app.Services.GetService<StoreReadiness>()?.MarkInitialized();

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        LogServing(app.Logger, app.Services.GetRequiredService<ListenerAddresses>());
    }

    /// <summary>One line that says which port is which: Kestrel's "Now listening on" lines do not.</summary>
    private static void LogServing(ILogger logger, ListenerAddresses listeners)
    {
        var parts = new List<string>();
        if (listeners.Grpc is { } grpc)
        {
            parts.Add($"gRPC on {grpc}");
        }

        if (listeners.Rest is { } rest)
        {
            parts.Add($"REST on {rest} (OpenAPI {new Uri(rest, "/openapi/v1.json")}, docs {new Uri(rest, "/docs")})");
        }

        if (listeners.Management is { } management)
        {
            parts.Add($"probes and metrics on {management} (/healthz, /readyz, /metrics)");
        }

        LogServingOn(logger, string.Join("; ", parts));
    }

    /// <summary>
    /// Starts the application and runs it until it is stopped (Ctrl+C, SIGTERM). Returns 0 after a clean stop, or
    /// <see cref="StartupFailedExitCode"/> when the host cannot start as configured (the reason is logged).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="verbose">Whether a start-up failure is logged with its stack trace (so it is when Debug logging is on).</param>
    public static async Task<int> RunProdStockAsync(this WebApplication app, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.StartProdStockAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (StartupFailure.Describe(ex, app.Configuration) is { } reason)
        {
            LogStartupFailed(app.Logger, reason, verbose || app.Logger.IsEnabled(LogLevel.Debug) ? ex : null);
            return StartupFailedExitCode;
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ProdStock serves {Listeners}")]
    private static partial void LogServingOn(ILogger logger, string listeners);

    [LoggerMessage(Level = LogLevel.Critical, Message = "ProdStock cannot start: {Reason}")]
    private static partial void LogStartupFailed(ILogger logger, string reason, Exception? exception);
}
