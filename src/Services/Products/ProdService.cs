using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.ReadModel;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Products;

/// <summary>
/// Answers stock and product questions from the <see cref="ProductReadModel"/>, in memory: no read touches the database.
/// Requests arrive validated (the rules on the contracts, enforced by the host for gRPC and REST alike); this class keeps
/// the domain's own check (<c>NOT_FOUND</c>).
/// </summary>
public sealed class ProdService(ProductReadModel products) : IProdService
{
    /// <inheritdoc />
    public ValueTask<ProdResponse> GetProdStockAsync(ProdRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stock = products.FindStock(request.ProdId, request.ProdArea) ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return ValueTask.FromResult(new ProdResponse { ProdId = request.ProdId, ProdStock = stock });
    }

    /// <inheritdoc />
    public ValueTask<ProdResponseList> GetProdStocksAsync(QuerySize request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stocks = products.ListStocks(request.Size, request.ProdArea);
        var list = new ProdResponseList { Productes = new List<ProdResponse>(stocks.Count) };
        foreach (var stock in stocks)
        {
            list.Productes.Add(new ProdResponse { ProdId = stock.ProdId, ProdStock = stock.Quantity });
        }

        return ValueTask.FromResult(list);
    }

    /// <inheritdoc />
    public ValueTask<ProdModel> GetProdInfoAsync(ProdRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var product = products.FindProduct(request.ProdId) ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return ValueTask.FromResult(new ProdModel { ProdId = product.ProdId, ProdName = product.Name, ProdPrice = product.Price });
    }
}
