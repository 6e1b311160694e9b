using System.Buffers;
using Microsoft.Extensions.Logging;
using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.Storage;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Orders;

/// <summary>Stores orders idempotently by order number in the <see cref="IOrderStore"/>.</summary>
public sealed partial class OrderService(IOrderStore store, TimeProvider clock, ILogger<OrderService> logger) : IOrderService
{
    /// <summary>The longest order number accepted.</summary>
    public const int MaxOrderNoLength = 64;

    /// <summary>The status of an order that is stored.</summary>
    public const string StatusOk = "OK";

    /// <inheritdoc />
    public async ValueTask<OrderResponse> NewOrderAsync(OrderRequest request, CallContext context = default)
    {
        Guard.NotNull(request, nameof(OrderRequest));
        var order = request.OrderMain ?? throw ServiceErrors.InvalidArgument(nameof(OrderRequest), "order_main", "value is required");
        Validate(order);

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

    private static void Validate(OrderMain order)
    {
        const string message = nameof(OrderMain);
        if (string.IsNullOrEmpty(order.OrderNo) || order.OrderNo.Length > MaxOrderNoLength)
        {
            throw ServiceErrors.InvalidArgument(message, "order_no", $"value length must be between 1 and {MaxOrderNoLength} characters");
        }

        if (order.OrderNo.AsSpan().ContainsAnyExcept(OrderNoCharacters))
        {
            throw ServiceErrors.InvalidArgument(message, "order_no", "value does not match regex pattern \"^[A-Za-z0-9_-]+$\"");
        }

        Guard.Positive(order.UserId, message, "user_id");
        if (!float.IsFinite(order.OrderMoney) || order.OrderMoney <= 0)
        {
            throw ServiceErrors.InvalidArgument(message, "order_money", "value must be a finite number greater than 0");
        }
    }

    private static readonly SearchValues<char> OrderNoCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored order {OrderId} under order_no {OrderNo}")]
    private partial void LogStored(int orderId, string orderNo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order_no {OrderNo} was sent again; answered with stored order {OrderId}")]
    private partial void LogReplayed(int orderId, string orderNo);
}
