using System.Collections.Frozen;
using ProdStock.Contracts;
using ProdStock.Services.Storage;

namespace ProdStock.Services.ReadModel;

/// <summary>
/// Every product and its stock, in process memory, serving every read exactly: loaded from the store at start, and
/// given the new stock levels by the order and stock writers after each commit (in commit order, before the writer
/// answers), so a read after an acknowledged write sees it. Writes never decide anything from it: stock is checked and
/// moved inside the store's transaction.
/// </summary>
/// <remarks>
/// Laid out as arrays by slot (the product's rank by id): ids, names, prices and three stock levels per product, plus a
/// frozen id → slot index. About <see cref="BytesPerProductWithoutName"/> bytes per product besides its name string.
/// </remarks>
public sealed class ProductReadModel
{
    /// <summary>
    /// The fixed cost of one product: id (4), price (4), three stock levels (12), the name reference (8) and an index
    /// entry (~24 in a frozen integer dictionary).
    /// </summary>
    public const int BytesPerProductWithoutName = 52;

    private static readonly ProdAreas[] Areas = [ProdAreas.A, ProdAreas.B, ProdAreas.C];

    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>How many products are loaded.</summary>
    public int Count => _snapshot.Ids.Length;

    /// <summary>An estimate of the memory the loaded products take, names included.</summary>
    public long EstimatedBytes
    {
        get
        {
            var snapshot = _snapshot;
            long names = 0;
            foreach (var name in snapshot.Names)
            {
                names += 22 + (2L * name.Length); // a string's header and UTF-16 characters
            }

            return ((long)snapshot.Ids.Length * BytesPerProductWithoutName) + names;
        }
    }

    /// <summary>Replaces the whole model with <paramref name="products"/> (any order; ids must be unique).</summary>
    public void Load(IEnumerable<ProductRecord> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        var sorted = products.OrderBy(p => p.ProdId).ToArray();
        var snapshot = new Snapshot(
            [.. sorted.Select(p => p.ProdId)],
            [.. sorted.Select(p => p.Name)],
            [.. sorted.Select(p => p.Price)],
            [.. sorted.SelectMany(p => Areas.Select(p.StockIn))],
            sorted.Select((p, slot) => (p.ProdId, slot)).ToFrozenDictionary(e => e.ProdId, e => e.slot));
        _snapshot = snapshot;
    }

    /// <summary>The stock of a product in an area, or <see langword="null"/> for an unknown product.</summary>
    public int? FindStock(int prodId, ProdAreas area)
    {
        var snapshot = _snapshot;
        return snapshot.Slots.TryGetValue(prodId, out var slot) ? Volatile.Read(ref snapshot.Stock[StockIndex(slot, area)]) : null;
    }

    /// <summary>The stock in an area of the first <paramref name="count"/> products by id.</summary>
    public IReadOnlyList<ProductStock> ListStocks(int count, ProdAreas area)
    {
        var snapshot = _snapshot;
        var result = new ProductStock[Math.Clamp(count, 0, snapshot.Ids.Length)];
        for (var slot = 0; slot < result.Length; slot++)
        {
            result[slot] = new ProductStock(snapshot.Ids[slot], Volatile.Read(ref snapshot.Stock[StockIndex(slot, area)]));
        }

        return result;
    }

    /// <summary>A product's name and price, or <see langword="null"/> for an unknown product.</summary>
    public Product? FindProduct(int prodId)
    {
        var snapshot = _snapshot;
        return snapshot.Slots.TryGetValue(prodId, out var slot) ? new Product(prodId, snapshot.Names[slot], snapshot.Prices[slot]) : null;
    }

    /// <summary>Sets stock levels committed by a writer; levels of products the model does not hold are ignored.</summary>
    public void Apply(IEnumerable<StockLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var snapshot = _snapshot;
        foreach (var level in levels)
        {
            if (snapshot.Slots.TryGetValue(level.ProdId, out var slot))
            {
                Volatile.Write(ref snapshot.Stock[StockIndex(slot, level.Area)], level.Quantity);
            }
        }
    }

    private static int StockIndex(int slot, ProdAreas area) => (slot * 3) + (int)area;

    private sealed record Snapshot(int[] Ids, string[] Names, float[] Prices, int[] Stock, FrozenDictionary<int, int> Slots)
    {
        public static readonly Snapshot Empty = new([], [], [], [], FrozenDictionary<int, int>.Empty);
    }
}
