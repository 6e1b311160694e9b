using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>The answer to a stock adjustment (<c>services.AdjustStockResponse</c>).</summary>
[ProtoContract(Name = "AdjustStockResponse")]
public sealed class AdjustStockResponse
{
    /// <summary>The product whose stock changed.</summary>
    [ProtoMember(1, Name = "prod_id")]
    public int ProdId { get; set; }

    /// <summary>The area whose stock changed.</summary>
    [ProtoMember(2, Name = "prod_area")]
    public ProdAreas ProdArea { get; set; }

    /// <summary>
    /// The stock level right after the adjustment. A retry under the same adjustment id answers with this same level,
    /// not with the current one (later orders and adjustments may have moved it since); read the current level with
    /// <see cref="IProdService.GetProdStockAsync"/>.
    /// </summary>
    [ProtoMember(3, Name = "prod_stock")]
    public int ProdStock { get; set; }

    /// <summary>The adjustment id of the request, under which the adjustment is stored.</summary>
    [ProtoMember(4, Name = "adjustment_id")]
    public string AdjustmentId { get; set; } = "";
}
