using Grpc.Core;

namespace ProdStock.Services.Errors;

/// <summary>
/// The <see cref="RpcException"/>s the services answer with. Messages name the message and field at fault,
/// in the style of protoc-gen-validate (<c>invalid OrderMain.user_id: value must be greater than 0</c>).
/// </summary>
public static class ServiceErrors
{
    /// <summary>A malformed field: <see cref="StatusCode.InvalidArgument"/>.</summary>
    public static RpcException InvalidArgument(string message, string field, string problem) =>
        new(new Status(StatusCode.InvalidArgument, $"invalid {message}.{field}: {problem}"));

    /// <summary>A request or message that is missing altogether: <see cref="StatusCode.InvalidArgument"/>.</summary>
    public static RpcException MissingMessage(string message) =>
        new(new Status(StatusCode.InvalidArgument, $"invalid {message}: value is required"));

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
