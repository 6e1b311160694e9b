using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>A stock adjustment as the store recorded it.</summary>
/// <param name="AdjustmentId">The client's id.</param>
/// <param name="ProdId">The product.</param>
/// <param name="Area">The area whose stock changed.</param>
/// <param name="Delta">Items added (positive) or removed (negative).</param>
/// <param name="ResultingQuantity">The stock level right after the adjustment.</param>
public sealed record StoredAdjustment(string AdjustmentId, int ProdId, ProdAreas Area, int Delta, int ResultingQuantity)
{
    /// <summary>Whether <paramref name="adjustment"/> asks for exactly this change (a retry), whatever its id.</summary>
    public bool IsSameChange(StockAdjustment adjustment) =>
        adjustment.ProdId == ProdId && adjustment.Area == Area && adjustment.Delta == Delta;
}
