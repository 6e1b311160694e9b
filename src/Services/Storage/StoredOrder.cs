namespace ProdStock.Services.Storage;

/// <summary>An order as the store keeps it.</summary>
/// <param name="OrderId">The id the store assigned.</param>
/// <param name="OrderNo">The client's order number.</param>
/// <param name="UserId">The ordering user.</param>
/// <param name="Money">The order amount.</param>
/// <param name="OrderTime">When the order was placed (UTC).</param>
/// <param name="TimeFromClient">Whether the order time came from the client.</param>
/// <param name="Lines">What the order took from stock, in the order it listed them.</param>
public sealed record StoredOrder(long OrderId, string OrderNo, int UserId, float Money, DateTime OrderTime, bool TimeFromClient, IReadOnlyList<OrderLineItem> Lines);
