using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>Reads products and their stock levels.</summary>
public interface IProductStore
{
    /// <summary>The stock of a product in an area, or <see langword="null"/> when the product is unknown.</summary>
    ValueTask<int?> FindStockAsync(int prodId, ProdAreas area, CancellationToken cancellationToken);

    /// <summary>The stock in an area of the first <paramref name="count"/> products by id.</summary>
    ValueTask<IReadOnlyList<ProductStock>> ListStocksAsync(int count, ProdAreas area, CancellationToken cancellationToken);

    /// <summary>A product, or <see langword="null"/> when it is unknown.</summary>
    ValueTask<Product?> FindProductAsync(int prodId, CancellationToken cancellationToken);
}
