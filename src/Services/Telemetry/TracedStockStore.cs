using ProdStock.Services.Storage;

namespace ProdStock.Services.Telemetry;

/// <summary>Wraps the engine's <see cref="IStockStore"/>: one <see cref="StoreTelemetry.AdjustStockSpan"/> span per call.</summary>
internal sealed class TracedStockStore(IStockStore inner, string engine) : IStockStore
{
    public async ValueTask<StockAdjustmentOutcome> AdjustAsync(StockAdjustment adjustment, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Source.StartActivity(StoreTelemetry.AdjustStockSpan);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(StoreTelemetry.EngineTag, engine);
            activity.SetTag(StoreTelemetry.ProductTag, adjustment.ProdId);
            activity.SetTag("prodstock.stock.area", adjustment.Area.ToString());
            activity.SetTag(StoreTelemetry.DeltaTag, adjustment.Delta);
        }

        try
        {
            var outcome = await inner.AdjustAsync(adjustment, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(StoreTelemetry.OutcomeTag, outcome switch
            {
                StockAdjustmentOutcome.Applied => "applied",
                StockAdjustmentOutcome.AlreadyRecorded { Adjustment: var stored } when stored.IsSameChange(adjustment) => "resent",
                StockAdjustmentOutcome.AlreadyRecorded => "adjustment_id_taken",
                StockAdjustmentOutcome.UnknownProduct => RefusalReasons.UnknownProduct,
                StockAdjustmentOutcome.InsufficientStock => RefusalReasons.InsufficientStock,
                StockAdjustmentOutcome.OverCapacity => "over_capacity",
                _ => "unknown",
            });
            return outcome;
        }
        catch (Exception ex)
        {
            TracedOrderStore.Failed(activity, ex is StoreUnavailableException ? RefusalReasons.StoreUnavailable : null, ex);
            throw;
        }
    }
}
