using System.ComponentModel.DataAnnotations;
using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>Asks about one product, optionally in one area (<c>services.ProdRequest</c>).</summary>
[ProtoContract(Name = "ProdRequest")]
public sealed class ProdRequest
{
    /// <summary>The product id; must be greater than 0.</summary>
    [Range(0, int.MaxValue, MinimumIsExclusive = true)]
    [ProtoMember(1, Name = "prod_id")]
    public int ProdId { get; set; }

    /// <summary>The area whose stock is asked for; <see cref="ProdAreas.A"/> when not set.</summary>
    [ProtoMember(2, Name = "prod_area")]
    public ProdAreas ProdArea { get; set; }
}
