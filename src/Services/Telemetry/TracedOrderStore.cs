using System.Diagnostics;
using ProdStock.Services.Storage;

namespace ProdStock.Services.Telemetry;

/// <summary>
/// Wraps the engine's <see cref="IOrderStore"/>: one <see cref="StoreTelemetry.PlaceOrderSpan"/> span per call, and the
/// domain's order counters (stored, refused by reason, units reserved) from its outcome.
/// </summary>
internal sealed class TracedOrderStore(IOrderStore inner, ProdStockMetrics metrics, string engine) : IOrderStore
{
    public async ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Source.StartActivity(StoreTelemetry.PlaceOrderSpan);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(StoreTelemetry.EngineTag, engine);
            activity.SetTag(StoreTelemetry.OrderNoTag, order.OrderNo);
            activity.SetTag(StoreTelemetry.OrderLinesTag, order.Lines.Count);
            activity.SetTag(StoreTelemetry.OrderUnitsTag, Units(order));
        }

        OrderPlacement placement;
        try
        {
            placement = await inner.PlaceAsync(order, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            metrics.OrderRefused(RefusalReasons.StoreUnavailable);
            Failed(activity, RefusalReasons.StoreUnavailable, ex);
            throw;
        }
        catch (Exception ex)
        {
            Failed(activity, outcome: null, ex);
            throw;
        }

        var outcome = placement switch
        {
            OrderPlacement.Placed => "placed",
            OrderPlacement.AlreadyStored { Order: var stored } when order.IsResendOf(stored) => "resent",
            OrderPlacement.AlreadyStored => RefusalReasons.OrderNoTaken,
            OrderPlacement.UnknownProducts => RefusalReasons.UnknownProduct,
            OrderPlacement.InsufficientStock => RefusalReasons.InsufficientStock,
            _ => "unknown",
        };
        switch (outcome)
        {
            case "placed":
                metrics.OrderStored(Units(order));
                break;
            case RefusalReasons.OrderNoTaken or RefusalReasons.UnknownProduct or RefusalReasons.InsufficientStock:
                metrics.OrderRefused(outcome);
                break;
        }

        activity?.SetTag(StoreTelemetry.OutcomeTag, outcome);
        return placement;
    }

    private static int Units(NewOrder order)
    {
        var units = 0;
        foreach (var line in order.Lines)
        {
            units += line.Quantity;
        }

        return units;
    }

    /// <summary>Marks the span failed: the call threw, so nothing is known to be stored.</summary>
    internal static void Failed(Activity? activity, string? outcome, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        if (outcome is not null)
        {
            activity.SetTag(StoreTelemetry.OutcomeTag, outcome);
        }

        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
    }
}
