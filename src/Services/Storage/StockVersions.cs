using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>The versions of a product's stock rows in areas A, B and C (see <see cref="StockLevel.Version"/>).</summary>
public readonly record struct StockVersions(long A, long B, long C)
{
    /// <summary>The version of one area's row.</summary>
    public long In(ProdAreas area) => area switch
    {
        ProdAreas.A => A,
        ProdAreas.B => B,
        ProdAreas.C => C,
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, "ProdStock has areas A, B and C."),
    };
}
