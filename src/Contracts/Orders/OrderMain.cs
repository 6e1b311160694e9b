using System.ComponentModel.DataAnnotations;
using CodeFirst.Validation;
using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>An order (<c>services.OrderMain</c>).</summary>
[ProtoContract(Name = "OrderMain")]
public sealed class OrderMain
{
    /// <summary>
    /// The order id. Assigned by the server; a value sent by the client is ignored. 64-bit, so ids never run out; the
    /// tutorial's <c>int32</c> reads the same varint for ids below 2^31.
    /// </summary>
    [ProtoMember(1, Name = "order_id")]
    public long OrderId { get; set; }

    /// <summary>
    /// The client's order number: 1 to 64 characters, the idempotency key of <see cref="IOrderService.NewOrderAsync"/>.
    /// Sending the same order again under the same number returns the first answer and stores nothing new.
    /// </summary>
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9_-]+$")]
    [ProtoMember(2, Name = "order_no")]
    public string OrderNo { get; set; } = "";

    /// <summary>The ordering user; must be greater than 0.</summary>
    [Range(0, int.MaxValue, MinimumIsExclusive = true)]
    [ProtoMember(3, Name = "user_id")]
    public int UserId { get; set; }

    /// <summary>The order amount; must be a finite number greater than 0.</summary>
    [Finite]
    [Range(0d, float.MaxValue, MinimumIsExclusive = true)]
    [ProtoMember(4, Name = "order_money")]
    public float OrderMoney { get; set; }

    /// <summary>
    /// When the order was placed (UTC), a <c>google.protobuf.Timestamp</c> on the wire.
    /// When not set, the server uses the time it received the order.
    /// </summary>
    [ProtoMember(5, Name = "order_time")]
    public DateTime? OrderTime { get; set; }

    /// <summary>
    /// What the order takes from stock (added by ProdStock, field 6): at most 100 lines, each (product, area) at most once.
    /// The server checks and reserves all of them in the order's transaction: an unknown product is <c>NOT_FOUND</c>, too
    /// little stock for any line is <c>FAILED_PRECONDITION</c> naming every short line, and then nothing is stored or
    /// moved. An order without lines, as the tutorial's clients send it, moves no stock.
    /// </summary>
    [MaxLength(100)]
    [UniqueBy("prod_id", "prod_area")]
    [ProtoMember(6, Name = "order_lines")]
    public List<OrderLine> OrderLines { get; set; } = [];
}
