namespace ProdStock.Services.Storage;

/// <summary>Stores orders durably, at most one per order number.</summary>
public interface IOrderStore
{
    /// <summary>
    /// Stores the order unless its order number is already stored, atomically: of any number of concurrent calls
    /// with one order number, exactly one inserts. Returns when the outcome is durable.
    /// </summary>
    ValueTask<OrderInsertResult> InsertIfAbsentAsync(NewOrder order, CancellationToken cancellationToken);
}
