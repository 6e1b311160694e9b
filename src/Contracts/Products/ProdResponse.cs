using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>The stock level of one product (<c>services.ProdResponse</c>).</summary>
[ProtoContract(Name = "ProdResponse")]
public sealed class ProdResponse
{
    /// <summary>The number of items in stock in the area asked for.</summary>
    [ProtoMember(1, Name = "prod_stock")]
    public int ProdStock { get; set; }

    /// <summary>
    /// The product this stock level belongs to. Added by ProdStock (field 2), so that each entry of a
    /// <see cref="ProdResponseList"/> says which product it is; clients of the tutorial's <c>.proto</c> ignore it.
    /// </summary>
    [ProtoMember(2, Name = "prod_id")]
    public int ProdId { get; set; }
}
