using System.Diagnostics;

namespace ProdStock.Services.Telemetry;

/// <summary>
/// The names ProdStock's own telemetry is published under: the <see cref="ActivitySourceName"/> of the store spans and
/// the <see cref="MeterName"/> of the domain's metrics. Add both to an OpenTelemetry tracer and meter provider.
/// </summary>
public static class StoreTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> of the spans around store calls (<c>ProdStock.Store</c>).</summary>
    public const string ActivitySourceName = "ProdStock.Store";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of ProdStock's metrics (<c>ProdStock</c>).</summary>
    public const string MeterName = "ProdStock";

    /// <summary>The span of <see cref="Storage.IOrderStore.PlaceAsync"/>.</summary>
    public const string PlaceOrderSpan = "PlaceOrder";

    /// <summary>The span of <see cref="Storage.IStockStore.AdjustAsync"/>.</summary>
    public const string AdjustStockSpan = "AdjustStock";

    /// <summary>The span of a full read of the products for the read model (<see cref="Storage.IProductStore.ReadAllAsync"/>).</summary>
    public const string ReloadReadModelSpan = "ReloadReadModel";

    /// <summary>Span attribute: the store engine (<c>sqlite</c>, <c>postgresql</c>, <c>memory</c>).</summary>
    public const string EngineTag = "prodstock.store.engine";

    /// <summary>Span attribute: what the store call ended with (<c>placed</c>, <c>resent</c>, a refusal reason, <c>applied</c>…).</summary>
    public const string OutcomeTag = "prodstock.store.outcome";

    /// <summary>Span attribute: the client's order number.</summary>
    public const string OrderNoTag = "prodstock.order.no";

    /// <summary>Span attribute: the order's lines.</summary>
    public const string OrderLinesTag = "prodstock.order.lines";

    /// <summary>Span attribute: the units the order's lines ask for.</summary>
    public const string OrderUnitsTag = "prodstock.order.units";

    /// <summary>Span attribute: the product of a stock adjustment.</summary>
    public const string ProductTag = "prodstock.product.id";

    /// <summary>Span attribute: the stock change of an adjustment.</summary>
    public const string DeltaTag = "prodstock.stock.delta";

    /// <summary>Span attribute: the products a read model reload read.</summary>
    public const string ProductsTag = "prodstock.read_model.products";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(StoreTelemetry).Assembly.GetName().Version?.ToString());
}
