using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>A product with its stock in each area, as the store holds it.</summary>
/// <param name="ProdId">The product id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Price">The unit price.</param>
/// <param name="StockA">The stock in area A.</param>
/// <param name="StockB">The stock in area B.</param>
/// <param name="StockC">The stock in area C.</param>
public sealed record ProductRecord(int ProdId, string Name, float Price, int StockA, int StockB, int StockC)
{
    /// <summary>The versions of the three stock rows (see <see cref="StockLevel.Version"/>); all 0 from a single-writer engine.</summary>
    public StockVersions Versions { get; init; }

    /// <summary>The stock in one area.</summary>
    public int StockIn(ProdAreas area) => area switch
    {
        ProdAreas.A => StockA,
        ProdAreas.B => StockB,
        ProdAreas.C => StockC,
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, "ProdStock has areas A, B and C."),
    };
}
