using CodeFirst.Validation;
using Grpc.Core;
using ProdStock.Services.Storage;

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

    /// <summary>Order lines naming unknown products: <see cref="StatusCode.NotFound"/>, naming each.</summary>
    public static RpcException ProductsNotFound(IReadOnlyList<int> prodIds) =>
        new(new Status(StatusCode.NotFound, prodIds.Count == 1
            ? $"product {prodIds[0]} was not found"
            : $"products {string.Join(", ", prodIds)} were not found"));

    /// <summary>
    /// Order lines asking for more than is in stock: <see cref="StatusCode.FailedPrecondition"/> with a
    /// <c>google.rpc.PreconditionFailure</c> naming each short line (type <c>STOCK</c>, subject <c>products/12/areas/B</c>).
    /// </summary>
    public static RpcException InsufficientStock(IReadOnlyList<StockShortage> shortages) =>
        RpcStatusDetails.FailedPrecondition(
            $"not enough stock for {shortages.Count} order line(s): " + string.Join("; ", shortages.Select(Describe)),
            [.. shortages.Select(s => new PreconditionViolation("STOCK", $"products/{s.ProdId}/areas/{s.Area}", Describe(s)))]);

    private static string Describe(StockShortage shortage) =>
        $"product {shortage.ProdId} in area {shortage.Area}: requested {shortage.Requested}, available {shortage.Available}";

    /// <summary>An order number already used by a different order: <see cref="StatusCode.AlreadyExists"/>.</summary>
    public static RpcException OrderNumberTaken(string orderNo, long existingOrderId) =>
        new(new Status(StatusCode.AlreadyExists,
            $"order_no '{orderNo}' is already used by order {existingOrderId} with different contents"));

    /// <summary>
    /// A stock adjustment of 0 items: <see cref="StatusCode.InvalidArgument"/> with a <c>google.rpc.BadRequest</c> naming
    /// <c>delta</c>, worded as the validator words its rules (protoc-gen-validate's <c>not_in</c>).
    /// </summary>
    public static RpcException ZeroDelta() =>
        RpcStatusDetails.InvalidArgument($"invalid AdjustStockRequest.delta: {NotZero}", [new FieldViolation("delta", NotZero)]);

    /// <summary>The description of the "not zero" rule of <c>AdjustStockRequest.delta</c>.</summary>
    public const string NotZero = "value must not be in list [0]";

    /// <summary>
    /// A stock adjustment that would take the stock below zero: <see cref="StatusCode.FailedPrecondition"/> with a
    /// <c>google.rpc.PreconditionFailure</c> of type <c>STOCK</c>, as <see cref="InsufficientStock"/> words it for orders.
    /// </summary>
    public static RpcException StockWouldGoNegative(StockShortage shortage) =>
        RpcStatusDetails.FailedPrecondition(
            "not enough stock for the adjustment: " + Describe(shortage),
            [new PreconditionViolation("STOCK", $"products/{shortage.ProdId}/areas/{shortage.Area}", Describe(shortage))]);

    /// <summary>
    /// A stock adjustment that would take the stock past the largest level a stock can hold (<see cref="int.MaxValue"/>):
    /// <see cref="StatusCode.FailedPrecondition"/> with a <c>google.rpc.PreconditionFailure</c> of type <c>STOCK_LIMIT</c>.
    /// </summary>
    public static RpcException StockOverCapacity(int prodId, Contracts.ProdAreas area, int delta, int available)
    {
        var description = $"product {prodId} in area {area}: adding {delta} to {available} exceeds the limit of {int.MaxValue}";
        return RpcStatusDetails.FailedPrecondition("the stock cannot hold that many items: " + description,
            [new PreconditionViolation("STOCK_LIMIT", $"products/{prodId}/areas/{area}", description)]);
    }

    /// <summary>An adjustment id already used by a different adjustment: <see cref="StatusCode.AlreadyExists"/>.</summary>
    public static RpcException AdjustmentIdTaken(StoredAdjustment existing) =>
        new(new Status(StatusCode.AlreadyExists,
            $"adjustment_id '{existing.AdjustmentId}' is already used by a different adjustment (product {existing.ProdId}, area {existing.Area}, delta {existing.Delta})"));

    /// <summary>
    /// The store could not be reached: <see cref="StatusCode.Unavailable"/>, which clients retry. A write may or may not
    /// have been stored; resent with the same idempotency key, it is stored at most once.
    /// </summary>
    public static RpcException StoreUnavailable(string idempotencyKey) =>
        new(new Status(StatusCode.Unavailable, $"the store is unavailable; the request may be retried with the same {idempotencyKey}"));

    /// <summary>A request asking for more than the server answers in one call: <see cref="StatusCode.ResourceExhausted"/>.</summary>
    public static RpcException TooManyItems(string what, int limit) =>
        new(new Status(StatusCode.ResourceExhausted, $"too many {what}: at most {limit} are accepted in one call"));
}
