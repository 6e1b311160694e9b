using System.Diagnostics.Metrics;
using ProdStock.Services.ReadModel;

namespace ProdStock.Services.Telemetry;

/// <summary>
/// The domain's instruments on the <see cref="StoreTelemetry.MeterName"/> meter: orders stored and refused (by reason),
/// units reserved, the read model's size and its full reloads. Without a listener every instrument costs next to nothing.
/// </summary>
internal sealed class ProdStockMetrics
{
    /// <summary>Counter: orders stored (a resent order answered with the stored one is not counted again).</summary>
    public const string OrdersStored = "prodstock.orders.stored";

    /// <summary>Counter: orders refused, by <see cref="ReasonTag"/>.</summary>
    public const string OrdersRefused = "prodstock.orders.refused";

    /// <summary>Counter: units taken from stock by stored orders.</summary>
    public const string UnitsReserved = "prodstock.units.reserved";

    /// <summary>Observable gauge: products in the read model.</summary>
    public const string ReadModelProducts = "prodstock.read_model.products";

    /// <summary>Counter: full loads of the read model from the store, the one at start included.</summary>
    public const string ReadModelReloads = "prodstock.read_model.reloads";

    /// <summary>The attribute of <see cref="OrdersRefused"/>.</summary>
    public const string ReasonTag = "reason";

    private readonly Counter<long> _ordersStored;
    private readonly Counter<long> _ordersRefused;
    private readonly Counter<long> _unitsReserved;
    private readonly Counter<long> _reloads;

    public ProdStockMetrics(IMeterFactory meterFactory, ProductReadModel readModel)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(readModel);
        var meter = meterFactory.Create(StoreTelemetry.MeterName);
        _ordersStored = meter.CreateCounter<long>(OrdersStored, "{order}", "Orders stored; a resent order answered with the stored one is not counted again.");
        _ordersRefused = meter.CreateCounter<long>(OrdersRefused, "{order}",
            "Orders refused, by reason: insufficient_stock, unknown_product, order_no_taken (a different order under a used order number), store_unavailable.");
        _unitsReserved = meter.CreateCounter<long>(UnitsReserved, "{unit}", "Units taken from stock by stored orders.");
        _reloads = meter.CreateCounter<long>(ReadModelReloads, "{reload}", "Full loads of the read model from the store, the one at start included.");
        meter.CreateObservableGauge(ReadModelProducts, () => readModel.Count, "{product}", "Products in the read model.");
    }

    public void OrderStored(int units)
    {
        _ordersStored.Add(1);
        _unitsReserved.Add(units);
    }

    public void OrderRefused(string reason) => _ordersRefused.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    public void ReadModelReloaded() => _reloads.Add(1);
}

/// <summary>The values of <see cref="ProdStockMetrics.ReasonTag"/> and of the store spans' outcome.</summary>
internal static class RefusalReasons
{
    public const string InsufficientStock = "insufficient_stock";
    public const string UnknownProduct = "unknown_product";
    public const string OrderNoTaken = "order_no_taken";
    public const string StoreUnavailable = "store_unavailable";
}
