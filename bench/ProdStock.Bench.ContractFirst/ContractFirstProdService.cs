using Grpc.Core;
using ProdStock.Services.Errors;
using ProdStock.Services.Storage;
using Services;
using ContractAreas = ProdStock.Contracts.ProdAreas;

namespace ProdStock.Bench.ContractFirst;

/// <summary><c>services.ProdService</c> on Grpc.AspNetCore, over the host's <see cref="IProductStore"/> (as <c>ProdStock.Services.Products.ProdService</c>).</summary>
internal sealed class ContractFirstProdService(IProductStore store) : ProdService.ProdServiceBase
{
    public override async Task<ProdResponse> GetProdStock(ProdRequest request, ServerCallContext context)
    {
        RequestChecks.Check(request);
        var stock = await store.FindStockAsync(request.ProdId, (ContractAreas)request.ProdArea, context.CancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return new ProdResponse { ProdId = request.ProdId, ProdStock = stock };
    }

    public override async Task<ProdResponseList> GetProdStocks(QuerySize request, ServerCallContext context)
    {
        RequestChecks.Check(request);
        var stocks = await store.ListStocksAsync(request.Size, (ContractAreas)request.ProdArea, context.CancellationToken).ConfigureAwait(false);
        var list = new ProdResponseList();
        foreach (var stock in stocks)
        {
            list.Productes.Add(new ProdResponse { ProdId = stock.ProdId, ProdStock = stock.Quantity });
        }

        return list;
    }

    public override async Task<ProdModel> GetProdInfo(ProdRequest request, ServerCallContext context)
    {
        RequestChecks.Check(request);
        var product = await store.FindProductAsync(request.ProdId, context.CancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return new ProdModel { ProdId = product.ProdId, ProdName = product.Name, ProdPrice = product.Price };
    }
}
