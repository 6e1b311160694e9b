using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>The answer to a placed order (<c>services.OrderResponse</c>).</summary>
[ProtoContract(Name = "OrderResponse")]
public sealed class OrderResponse
{
    /// <summary><c>"OK"</c> when the order is stored (or was stored before under the same order number).</summary>
    [ProtoMember(1, Name = "status")]
    public string Status { get; set; } = "";

    /// <summary>A human-readable message naming the stored order id.</summary>
    [ProtoMember(2, Name = "message")]
    public string Message { get; set; } = "";

    /// <summary>
    /// The id the server assigned to the stored order. Added by ProdStock (field 3);
    /// clients of the tutorial's <c>.proto</c> read it from <see cref="Message"/>. 64-bit, so ids never run out.
    /// </summary>
    [ProtoMember(3, Name = "order_id")]
    public long OrderId { get; set; }
}
