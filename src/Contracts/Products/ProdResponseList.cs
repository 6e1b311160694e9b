using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>Stock levels of several products, in product-id order (<c>services.ProdResponseList</c>).</summary>
[ProtoContract(Name = "ProdResponseList")]
public sealed class ProdResponseList
{
    /// <summary>One entry per product (the wire name <c>productes</c> is the tutorial's spelling).</summary>
    [ProtoMember(1, Name = "productes")]
    public List<ProdResponse> Productes { get; set; } = [];
}
