using Grpc.Core;
using ProdStock.Services.Errors;
using ProdStock.Services.ReadModel;
using ProdStock.Grpc.Services;
using ContractAreas = ProdStock.Contracts.ProdAreas;

namespace ProdStock.Bench.ContractFirst;

/// <summary><c>services.ProdService</c> on Grpc.AspNetCore, over the host's <see cref="ProductReadModel"/> (as <c>ProdStock.Services.Products.ProdService</c>).</summary>
internal sealed class ContractFirstProdService(ProductReadModel store) : ProdService.ProdServiceBase
{
    public override Task<ProdResponse> GetProdStock(ProdRequest request, ServerCallContext context)
    {
        RequestChecks.Check(request);
        var stock = store.FindStock(request.ProdId, (ContractAreas)request.ProdArea) ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return Task.FromResult(new ProdResponse { ProdId = request.ProdId, ProdStock = stock });
    }

    public override Task<ProdResponseList> GetProdStocks(QuerySize request, ServerCallContext context)
    {
        RequestChecks.Check(request);
        var stocks = store.ListStocks(request.Size, (ContractAreas)request.ProdArea);
        var list = new ProdResponseList();
        foreach (var stock in stocks)
        {
            list.Productes.Add(new ProdResponse { ProdId = stock.ProdId, ProdStock = stock.Quantity });
        }

        return Task.FromResult(list);
    }

    public override Task<ProdModel> GetProdInfo(ProdRequest request, ServerCallContext context)
    {
        RequestChecks.Check(request);
        var product = store.FindProduct(request.ProdId) ?? throw ServiceErrors.ProductNotFound(request.ProdId);
        return Task.FromResult(new ProdModel { ProdId = product.ProdId, ProdName = product.Name, ProdPrice = product.Price });
    }
}
