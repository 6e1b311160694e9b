using System.ServiceModel;
using ProtoBuf.Grpc;
using CodeFirst.Http;

namespace ProdStock.Contracts;

/// <summary>Orders (<c>services.OrderService</c>).</summary>
[ServiceContract(Name = ProtoNames.OrderService)]
public interface IOrderService
{
    /// <summary>Stores an order durably and answers with the id it was stored under.</summary>
    /// <param name="request">The order.</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>The stored order's status, message and id.</returns>
    /// <remarks>
    /// <see cref="OrderMain.OrderNo"/> is the idempotency key: the same order sent again returns the first answer and stores
    /// nothing; a different order under a used number fails with <c>ALREADY_EXISTS</c>. Malformed fields fail with
    /// <c>INVALID_ARGUMENT</c> and store nothing.
    /// </remarks>
    [HttpRoute("POST", "/v1/orders", Body = "order_main")]
    [OperationContract(Name = "NewOrder")]
    ValueTask<OrderResponse> NewOrderAsync(OrderRequest request, CallContext context = default);
}
