using System.ComponentModel.DataAnnotations;
using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>One line of an order: a quantity of one product taken from one area's stock (<c>services.OrderLine</c>).</summary>
[ProtoContract(Name = "OrderLine")]
public sealed class OrderLine
{
    /// <summary>The product; must be greater than 0 and known to the server.</summary>
    [Range(0, int.MaxValue, MinimumIsExclusive = true)]
    [ProtoMember(1, Name = "prod_id")]
    public int ProdId { get; set; }

    /// <summary>The area whose stock the quantity is taken from.</summary>
    [ProtoMember(2, Name = "prod_area")]
    public ProdAreas ProdArea { get; set; }

    /// <summary>How many items: 1 to 10,000.</summary>
    [Range(1, 10_000)]
    [ProtoMember(3, Name = "quantity")]
    public int Quantity { get; set; }
}
