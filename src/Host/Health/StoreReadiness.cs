namespace ProdStock.Host.Health;

/// <summary>
/// Whether the store was initialized (schema, demo data, read model loaded): set by <c>StartProdStockAsync</c> once the
/// store's initializer has finished, read by <see cref="StoreHealthCheck"/>.
/// </summary>
internal sealed class StoreReadiness
{
    private volatile bool _initialized;

    public bool IsInitialized => _initialized;

    public void MarkInitialized() => _initialized = true;
}
