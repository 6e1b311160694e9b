namespace ProdStock.Services.Storage;

/// <summary>Reads the products and their stock for the read model, which serves every read.</summary>
public interface IProductStore
{
    /// <summary>Every product with its stock, by id.</summary>
    IAsyncEnumerable<ProductRecord> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the store answers a query; throws otherwise (for health checks).</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
