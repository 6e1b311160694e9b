using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>What is known about one product (<c>services.ProdModel</c>).</summary>
[ProtoContract(Name = "ProdModel")]
public sealed class ProdModel
{
    /// <summary>The product id.</summary>
    [ProtoMember(1, Name = "prod_id")]
    public int ProdId { get; set; }

    /// <summary>The product's display name.</summary>
    [ProtoMember(2, Name = "prod_name")]
    public string ProdName { get; set; } = "";

    /// <summary>The unit price.</summary>
    [ProtoMember(3, Name = "prod_price")]
    public float ProdPrice { get; set; }
}
