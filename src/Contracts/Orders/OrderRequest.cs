using System.ComponentModel.DataAnnotations;
using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>Places an order (<c>services.OrderRequest</c>).</summary>
[ProtoContract(Name = "OrderRequest")]
public sealed class OrderRequest
{
    /// <summary>The order; required.</summary>
    [Required]
    [ProtoMember(1, Name = "order_main")]
    public OrderMain? OrderMain { get; set; }
}
