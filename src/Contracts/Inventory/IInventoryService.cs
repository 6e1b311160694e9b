using System.ServiceModel;
using ProtoBuf.Grpc;
using CodeFirst.Http;

namespace ProdStock.Contracts;

/// <summary>Stock movements other than orders: restocking and corrections (<c>services.InventoryService</c>).</summary>
/// <remarks>
/// Only clients whose certificate the server lists as a stock writer may call it; others fail with
/// <c>PERMISSION_DENIED</c> (REST: 403). The read-only services are open to every client the server accepts.
/// </remarks>
[ServiceContract(Name = ProtoNames.InventoryService)]
public interface IInventoryService
{
    /// <summary>Adds <see cref="AdjustStockRequest.Delta"/> items to (or, when negative, removes them from) the stock of one product in one area.</summary>
    /// <param name="request">The product, area, delta and the client's adjustment id.</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>The stock level right after the adjustment.</returns>
    /// <remarks>
    /// <see cref="AdjustStockRequest.AdjustmentId"/> is the idempotency key: the same adjustment sent again returns the first
    /// answer and moves nothing; a different adjustment (product, area or delta) under a used id fails with
    /// <c>ALREADY_EXISTS</c>. Stock never goes below zero: such a request fails with <c>FAILED_PRECONDITION</c> and a
    /// <c>google.rpc.PreconditionFailure</c> (type <c>STOCK</c>, subject <c>products/{prod_id}/areas/{prod_area}</c>), and
    /// moves nothing. An unknown product is <c>NOT_FOUND</c>; a malformed field, and a delta of 0, <c>INVALID_ARGUMENT</c>.
    /// Refused requests store nothing, so their id stays free. An acknowledged adjustment is durable and the next read
    /// shows it.
    /// </remarks>
    [HttpRoute("POST", "/v1/stock:adjust", Body = "*")]
    [OperationContract(Name = "AdjustStock")]
    ValueTask<AdjustStockResponse> AdjustStockAsync(AdjustStockRequest request, CallContext context = default);
}
