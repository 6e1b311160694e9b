using Microsoft.Extensions.Logging;
using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.Storage;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Orders;

/// <summary>
/// Places orders through the <see cref="IOrderStore"/>: stored idempotently by order number, and their lines' stock taken
/// in the same transaction. Requests arrive validated; this class keeps the domain's own answers: <c>NOT_FOUND</c> for
/// an unknown product, <c>FAILED_PRECONDITION</c> (with a <c>google.rpc.PreconditionFailure</c>) for too little stock,
/// <c>ALREADY_EXISTS</c> for a different order under a used order number, <c>UNAVAILABLE</c> while the store cannot be reached.
/// </summary>
public sealed partial class OrderService(IOrderStore store, TimeProvider clock, ILogger<OrderService> logger) : IOrderService
{
    /// <summary>The status of an order that is stored.</summary>
    public const string StatusOk = "OK";

    /// <inheritdoc />
    public async ValueTask<OrderResponse> NewOrderAsync(OrderRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var order = request.OrderMain ?? throw new ArgumentException("OrderRequest.order_main is required; requests reach the service validated.", nameof(request));

        var timeFromClient = order.OrderTime.HasValue;
        var orderTime = timeFromClient ? order.OrderTime!.Value.ToUniversalTime() : clock.GetUtcNow().UtcDateTime;
        var lines = order.OrderLines.Select(l => new OrderLineItem(l.ProdId, l.ProdArea, l.Quantity)).ToArray();
        var newOrder = new NewOrder(order.OrderNo, order.UserId, order.OrderMoney, orderTime, timeFromClient, lines);
        OrderPlacement placement;
        try
        {
            placement = await store.PlaceAsync(newOrder, context.CancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            LogUnavailable(ex.Message, order.OrderNo);
            throw ServiceErrors.StoreUnavailable("order_no");
        }

        switch (placement)
        {
            case OrderPlacement.Placed placed:
                LogStored(placed.Order.OrderId, placed.Order.OrderNo, lines.Length);
                return Answer(placed.Order);
            case OrderPlacement.AlreadyStored { Order: var stored } when newOrder.IsResendOf(stored):
                LogReplayed(stored.OrderId, stored.OrderNo);
                return Answer(stored);
            case OrderPlacement.AlreadyStored { Order: var stored }:
                throw ServiceErrors.OrderNumberTaken(order.OrderNo, stored.OrderId);
            case OrderPlacement.UnknownProducts unknown:
                throw ServiceErrors.ProductsNotFound(unknown.ProdIds);
            case OrderPlacement.InsufficientStock insufficient:
                LogRefused(order.OrderNo, insufficient.Shortages.Count);
                throw ServiceErrors.InsufficientStock(insufficient.Shortages);
            default:
                throw new InvalidOperationException($"Unexpected outcome {placement}.");
        }
    }

    private static OrderResponse Answer(StoredOrder stored) =>
        new() { Status = StatusOk, Message = $"order {stored.OrderId} stored", OrderId = stored.OrderId };

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored order {OrderId} under order_no {OrderNo} with {LineCount} line(s)")]
    private partial void LogStored(long orderId, string orderNo, int lineCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order_no {OrderNo} was sent again; answered with stored order {OrderId}")]
    private partial void LogReplayed(long orderId, string orderNo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order_no {OrderNo} failed UNAVAILABLE: the store is unreachable ({Reason})")]
    private partial void LogUnavailable(string reason, string orderNo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order_no {OrderNo} refused: {Count} line(s) short of stock")]
    private partial void LogRefused(string orderNo, int count);
}
