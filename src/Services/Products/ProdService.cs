using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.Storage;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Products;

/// <summary>Answers stock and product questions from the <see cref="IProductStore"/>.</summary>
public sealed class ProdService(IProductStore store) : IProdService
{
    /// <summary>The largest <see cref="QuerySize.Size"/> accepted.</summary>
    public const int MaxQuerySize = 1000;

    /// <inheritdoc />
    public async ValueTask<ProdResponse> GetProdStockAsync(ProdRequest request, CallContext context = default)
    {
        Guard.NotNull(request, nameof(ProdRequest));
        Guard.Positive(request.ProdId, nameof(ProdRequest), "prod_id");
        Guard.DefinedArea(request.ProdArea, nameof(ProdRequest), "prod_area");

        var stock = await store.FindStockAsync(request.ProdId, request.ProdArea, context.CancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return new ProdResponse { ProdId = request.ProdId, ProdStock = stock };
    }

    /// <inheritdoc />
    public async ValueTask<ProdResponseList> GetProdStocksAsync(QuerySize request, CallContext context = default)
    {
        Guard.NotNull(request, nameof(QuerySize));
        Guard.InRange(request.Size, 1, MaxQuerySize, nameof(QuerySize), "size");
        Guard.DefinedArea(request.ProdArea, nameof(QuerySize), "prod_area");

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
        Guard.NotNull(request, nameof(ProdRequest));
        Guard.Positive(request.ProdId, nameof(ProdRequest), "prod_id");

        var product = await store.FindProductAsync(request.ProdId, context.CancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return new ProdModel { ProdId = product.ProdId, ProdName = product.Name, ProdPrice = product.Price };
    }
}
