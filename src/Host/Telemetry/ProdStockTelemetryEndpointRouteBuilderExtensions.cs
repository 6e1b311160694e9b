using ProdStock.Host.Management;
using ProdStock.Host.Telemetry;

// Beside AddProdStock and MapProdStock, which call these, in their namespace.
namespace ProdStock.Host.Hosting;

/// <summary>Maps the host's telemetry endpoints.</summary>
public static class ProdStockTelemetryEndpointRouteBuilderExtensions
{
    /// <summary>The Prometheus scraping path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Maps what telemetry serves over HTTP: the Prometheus text endpoint (<see cref="MapProdStockMetrics"/>) on the
    /// management listener (plain HTTP, loopback by default), beside the probes. Does nothing when <see cref="ProdStockTelemetryServiceCollectionExtensions.AddProdStockTelemetry"/>
    /// was not called or telemetry is off.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapProdStockTelemetry(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapProdStockMetrics()?.ServedOnManagementListener();
        return endpoints;
    }

    /// <summary>
    /// Maps <see cref="MetricsPath"/>, the metrics in Prometheus' text format (OpenTelemetry's
    /// <c>MapPrometheusScrapingEndpoint</c>), on whichever listener the returned builder's conventions choose.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The endpoint's convention builder, or <see langword="null"/> when telemetry is not registered or is off.</returns>
    public static IEndpointConventionBuilder? MapProdStockMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.ServiceProvider.GetService<TelemetrySwitch>() is { Enabled: true }
            ? endpoints.MapPrometheusScrapingEndpoint(MetricsPath).WithDisplayName("Prometheus metrics")
            : null;
    }
}
