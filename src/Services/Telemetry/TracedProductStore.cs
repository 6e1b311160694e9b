using System.Runtime.CompilerServices;
using ProdStock.Services.Storage;

namespace ProdStock.Services.Telemetry;

/// <summary>
/// Wraps the engine's <see cref="IProductStore"/>. A full read of the products is what every read model load starts
/// with (at start, and whenever PostgreSQL's change feed reloads), so each is a <see cref="StoreTelemetry.ReloadReadModelSpan"/>
/// span and counts as a reload once read to the end. Health probes pass through untraced.
/// </summary>
internal sealed class TracedProductStore(IProductStore inner, ProdStockMetrics metrics, string engine) : IProductStore
{
    public async IAsyncEnumerable<ProductRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Source.StartActivity(StoreTelemetry.ReloadReadModelSpan);
        activity?.SetTag(StoreTelemetry.EngineTag, engine);
        var count = 0;
        await using (var products = inner.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            while (true)
            {
                try
                {
                    if (!await products.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex)
                {
                    TracedOrderStore.Failed(activity, ex is StoreUnavailableException ? RefusalReasons.StoreUnavailable : null, ex);
                    throw;
                }

                count++;
                yield return products.Current;
            }
        }

        activity?.SetTag(StoreTelemetry.ProductsTag, count);
        metrics.ReadModelReloaded();
    }

    public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);
}
