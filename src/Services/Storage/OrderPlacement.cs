namespace ProdStock.Services.Storage;

/// <summary>The outcome of <see cref="IOrderStore.PlaceAsync"/>.</summary>
public abstract record OrderPlacement
{
    private OrderPlacement()
    {
    }

    /// <summary>The order was stored now and its lines' stock taken, in one transaction.</summary>
    /// <param name="Order">The stored order.</param>
    public sealed record Placed(StoredOrder Order) : OrderPlacement;

    /// <summary>The order number was stored before; nothing was stored or moved now.</summary>
    /// <param name="Order">The order stored earlier under the same number.</param>
    public sealed record AlreadyStored(StoredOrder Order) : OrderPlacement;

    /// <summary>Some lines name products the store does not know; nothing was stored or moved.</summary>
    /// <param name="ProdIds">The unknown products, in line order.</param>
    public sealed record UnknownProducts(IReadOnlyList<int> ProdIds) : OrderPlacement;

    /// <summary>Some lines ask for more than is in stock; nothing was stored or moved.</summary>
    /// <param name="Shortages">Every short line, in line order.</param>
    public sealed record InsufficientStock(IReadOnlyList<StockShortage> Shortages) : OrderPlacement;
}
