using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.Storage;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Products;

/// <summary>
/// Answers stock and product questions from the <see cref="IProductStore"/>. Requests arrive validated (the rules on the
/// contracts, enforced by the host for gRPC and REST alike); this class keeps the domain's own checks (<c>NOT_FOUND</c>).
/// </summary>
public sealed class ProdService(IProductStore store) : IProdService
{
    /// <inheritdoc />
    public async ValueTask<ProdResponse> GetProdStockAsync(ProdRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stock = await store.FindStockAsync(request.ProdId, request.ProdArea, context.CancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return new ProdResponse { ProdId = request.ProdId, ProdStock = stock };
    }

    /// <inheritdoc />
    public async ValueTask<ProdResponseList> GetProdStocksAsync(QuerySize request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stocks = await store.ListStocksAsync(request.Size, request.ProdArea, context.CancellationToken).ConfigureAwait(false);
        var list = new ProdResponseList { Productes = new List<ProdResponse>(stocks.Count) };
        foreach (var stock in stocks)
        {
            list.Productes.Add(new ProdResponse { ProdId = stock.ProdId, ProdStock = stock.Quantity });
        }

        return list;
    }

    /// <inheritdoc />
    public async ValueTask<ProdModel> GetProdInfoAsync(ProdRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var product = await store.FindProductAsync(request.ProdId, context.CancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return new ProdModel { ProdId = product.ProdId, ProdName = product.Name, ProdPrice = product.Price };
    }
}
