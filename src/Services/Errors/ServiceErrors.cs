using Grpc.Core;

namespace ProdStock.Services.Errors;

/// <summary>
/// The domain errors the services answer with (malformed input never reaches them: the host validates every request
/// against the rules on the contracts first).
/// </summary>
public static class ServiceErrors
{
    /// <summary>An unknown product: <see cref="StatusCode.NotFound"/>.</summary>
    public static RpcException ProductNotFound(int prodId) =>
        new(new Status(StatusCode.NotFound, $"product {prodId} was not found"));

    /// <summary>An order number already used by a different order: <see cref="StatusCode.AlreadyExists"/>.</summary>
    public static RpcException OrderNumberTaken(string orderNo, int existingOrderId) =>
        new(new Status(StatusCode.AlreadyExists,
            $"order_no '{orderNo}' is already used by order {existingOrderId} with different contents"));

    /// <summary>A request asking for more than the server answers in one call: <see cref="StatusCode.ResourceExhausted"/>.</summary>
    public static RpcException TooManyItems(string what, int limit) =>
        new(new Status(StatusCode.ResourceExhausted, $"too many {what}: at most {limit} are accepted in one call"));
}
