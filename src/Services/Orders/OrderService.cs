using Microsoft.Extensions.Logging;
using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.Storage;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Orders;

/// <summary>
/// Stores orders idempotently by order number in the <see cref="IOrderStore"/>. Requests arrive validated; this class keeps
/// the domain's own check (<c>ALREADY_EXISTS</c> for a different order under a used order number).
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
        var result = await store.InsertIfAbsentAsync(
            new NewOrder(order.OrderNo, order.UserId, order.OrderMoney, orderTime, timeFromClient),
            context.CancellationToken).ConfigureAwait(false);

        var stored = result.Order;
        if (result.Inserted)
        {
            LogStored(stored.OrderId, stored.OrderNo);
            return Answer(stored, $"order {stored.OrderId} stored");
        }

        if (!IsSameOrder(order, stored))
        {
            throw ServiceErrors.OrderNumberTaken(order.OrderNo, stored.OrderId);
        }

        LogReplayed(stored.OrderId, stored.OrderNo);
        return Answer(stored, $"order {stored.OrderId} stored");
    }

    /// <summary>
    /// A retry is the same order when user and amount match and, if it names a time, the time matches too
    /// (a retry that leaves the time out is answered with the time stored first).
    /// </summary>
    private static bool IsSameOrder(OrderMain order, StoredOrder stored) =>
        order.UserId == stored.UserId
        && order.OrderMoney.Equals(stored.Money)
        && (!order.OrderTime.HasValue || order.OrderTime.Value.ToUniversalTime() == stored.OrderTime);

    private static OrderResponse Answer(StoredOrder stored, string message) =>
        new() { Status = StatusOk, Message = message, OrderId = stored.OrderId };

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored order {OrderId} under order_no {OrderNo}")]
    private partial void LogStored(int orderId, string orderNo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order_no {OrderNo} was sent again; answered with stored order {OrderId}")]
    private partial void LogReplayed(int orderId, string orderNo);
}
