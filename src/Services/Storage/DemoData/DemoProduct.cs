using ProdStock.Contracts;

namespace ProdStock.Services.Storage.DemoData;

/// <summary>A product of the demo data set with its stock in each area.</summary>
public sealed record DemoProduct(int ProdId, string Name, float Price, IReadOnlyList<(ProdAreas Area, int Quantity)> Stock)
{
    /// <summary>The stock in one area.</summary>
    public int StockIn(ProdAreas area) => Stock.Single(s => s.Area == area).Quantity;
}
