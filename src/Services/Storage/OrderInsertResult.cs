namespace ProdStock.Services.Storage;

/// <summary>The outcome of <see cref="IOrderStore.InsertIfAbsentAsync"/>.</summary>
/// <param name="Inserted"><see langword="true"/> when the order was stored now; <see langword="false"/> when its order number was already stored.</param>
/// <param name="Order">The stored order: the new one, or the one stored earlier under the same order number.</param>
public sealed record OrderInsertResult(bool Inserted, StoredOrder Order);
