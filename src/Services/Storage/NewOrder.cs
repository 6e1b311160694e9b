namespace ProdStock.Services.Storage;

/// <summary>An order to be stored; the store assigns its id.</summary>
/// <param name="OrderNo">The client's order number, unique in the store.</param>
/// <param name="UserId">The ordering user.</param>
/// <param name="Money">The order amount.</param>
/// <param name="OrderTime">When the order was placed (UTC).</param>
/// <param name="TimeFromClient">Whether <paramref name="OrderTime"/> was sent by the client rather than taken from the server clock.</param>
/// <param name="Lines">What the order takes from stock; empty for an order that moves none.</param>
public sealed record NewOrder(string OrderNo, int UserId, float Money, DateTime OrderTime, bool TimeFromClient, IReadOnlyList<OrderLineItem> Lines)
{
    /// <summary>
    /// Whether this order is a resend of <paramref name="stored"/>, stored earlier under the same order number: user,
    /// amount and lines match and, if this order names a time, the time matches too (a resend that leaves the time out
    /// is answered with the time stored first). Lines compare as a set: the validator allows each (product, area) once.
    /// </summary>
    public bool IsResendOf(StoredOrder stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return UserId == stored.UserId
            && Money.Equals(stored.Money)
            && (!TimeFromClient || OrderTime == stored.OrderTime)
            && Lines.Count == stored.Lines.Count
            && Lines.ToHashSet().SetEquals(stored.Lines);
    }
}
