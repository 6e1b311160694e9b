using System.ServiceModel;
using ProtoBuf.Grpc;
using CodeFirst.Http;

namespace ProdStock.Contracts;

/// <summary>Product stock and product information (<c>services.ProdService</c>).</summary>
[ServiceContract(Name = ProtoNames.ProdService)]
public interface IProdService
{
    /// <summary>Gets the stock of one product in one area.</summary>
    /// <param name="request">The product id and area.</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>The stock level.</returns>
    /// <remarks>Fails with <c>INVALID_ARGUMENT</c> for a product id of 0 or less or an undefined area, and with <c>NOT_FOUND</c> for an unknown product.</remarks>
    [HttpRoute("GET", "/v1/prod/{prod_id}")]
    [OperationContract(Name = "GetProdStock")]
    ValueTask<ProdResponse> GetProdStockAsync(ProdRequest request, CallContext context = default);

    /// <summary>Gets the stock of the first <see cref="QuerySize.Size"/> products by id.</summary>
    /// <param name="request">How many products, and in which area.</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>One stock level per product, in product-id order.</returns>
    /// <remarks>Fails with <c>INVALID_ARGUMENT</c> when the size is outside 1..1000 or the area is undefined.</remarks>
    [HttpRoute("GET", "/v1/prod")]
    [OperationContract(Name = "GetProdStocks")]
    ValueTask<ProdResponseList> GetProdStocksAsync(QuerySize request, CallContext context = default);

    /// <summary>Gets the name and price of one product.</summary>
    /// <param name="request">The product id (the area is ignored).</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>The product.</returns>
    /// <remarks>Fails with <c>INVALID_ARGUMENT</c> for a product id of 0 or less and with <c>NOT_FOUND</c> for an unknown product.</remarks>
    [HttpRoute("GET", "/v1/prod/{prod_id}/info")]
    [OperationContract(Name = "GetProdInfo")]
    ValueTask<ProdModel> GetProdInfoAsync(ProdRequest request, CallContext context = default);
}
