using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProdStock.Services.Storage;

namespace ProdStock.Host.Health;

/// <summary>
/// Healthy when the store was initialized (the read model is loaded) and answers a query (reads are served from memory;
/// writes need the store).
/// </summary>
internal sealed class StoreHealthCheck(IProductStore products, StoreReadiness readiness) : IHealthCheck
{
    /// <summary>The check's registration name, which every ProdStock gRPC service's health depends on.</summary>
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsInitialized)
        {
            return HealthCheckResult.Unhealthy("the store is not initialized yet");
        }

        try
        {
            await products.ProbeAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the store answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the store does not answer", ex);
        }
    }
}
