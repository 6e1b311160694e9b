namespace ProdStock.Services.Storage;

/// <summary>Stores orders durably, at most one per order number, taking their lines' stock in the same transaction.</summary>
public interface IOrderStore
{
    /// <summary>
    /// Stores the order and takes its lines' quantities from stock, all or nothing, unless its order number is already
    /// stored; of any number of concurrent calls with one order number exactly one stores. Stock is checked and moved
    /// inside the store's transaction, never against the read model, and never goes below zero. Returns when the outcome
    /// is durable, after the read model shows the new stock levels.
    /// </summary>
    ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken);
}
