using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProdStock.Services.Storage;

namespace ProdStock.Host.Health;

/// <summary>Healthy when the store answers a real read (the stock of the first product, or none in an empty store).</summary>
internal sealed class StoreHealthCheck(IProductStore products) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await products.ListStocksAsync(1, Contracts.ProdAreas.A, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the store answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the store does not answer", ex);
        }
    }
}
