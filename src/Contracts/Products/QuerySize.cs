using System.ComponentModel.DataAnnotations;
using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>Asks for the stock of the first <see cref="Size"/> products by id (<c>services.QuerySize</c>).</summary>
[ProtoContract(Name = "QuerySize")]
public sealed class QuerySize
{
    /// <summary>How many products to list; from 1 to 1000.</summary>
    [Range(1, 1000)]
    [ProtoMember(1, Name = "size")]
    public int Size { get; set; }

    /// <summary>
    /// The area whose stock is listed; <see cref="ProdAreas.A"/> when not set. Added by ProdStock (field 2);
    /// clients of the tutorial's <c>.proto</c> do not send it and get area A.
    /// </summary>
    [ProtoMember(2, Name = "prod_area")]
    public ProdAreas ProdArea { get; set; }
}
