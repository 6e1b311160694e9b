using System.Collections.Frozen;
using ProdStock.Contracts;
using ProdStock.Services.Storage;

namespace ProdStock.Services.ReadModel;

/// <summary>
/// Every product and its stock, in process memory, serving every read exactly: loaded from the store at start, and
/// given the new stock levels by the order and stock writers after each commit (before the writer answers), so a read
/// after an acknowledged write sees it. With PostgreSQL, the changes other hosts commit arrive too (see
/// <c>PostgresChangeFeed</c>); each level then carries its row's version, and an older version never overwrites a newer
/// one, whatever order the levels arrive in. Writes never decide anything from it: stock is checked and moved inside
/// the store's transaction.
/// </summary>
/// <remarks>
/// Laid out as arrays by slot (the product's rank by id): ids, names, prices, three stock levels and their versions per
/// product, plus a frozen id → slot index. About <see cref="BytesPerProductWithoutName"/> bytes per product besides its
/// name string. Reads take no lock; writers (levels, reloads) take one among themselves.
/// </remarks>
public sealed class ProductReadModel
{
    /// <summary>
    /// The fixed cost of one product: id (4), price (4), three stock levels (12) and their versions (24), the name
    /// reference (8) and an index entry (~24 in a frozen integer dictionary).
    /// </summary>
    public const int BytesPerProductWithoutName = 76;

    private static readonly ProdAreas[] Areas = [ProdAreas.A, ProdAreas.B, ProdAreas.C];

    private readonly Lock _writeGate = new();
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

    /// <summary>
    /// Replaces the whole model with <paramref name="products"/> (any order; ids must be unique). A stock row the model
    /// already holds at a newer version than the loaded one keeps the model's level: a reload read before a concurrent
    /// commit never takes that commit back.
    /// </summary>
    public void Load(IEnumerable<ProductRecord> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        var sorted = products.OrderBy(p => p.ProdId).ToArray();
        var stock = new int[sorted.Length * 3];
        var versions = new long[sorted.Length * 3];
        for (var slot = 0; slot < sorted.Length; slot++)
        {
            foreach (var area in Areas)
            {
                stock[StockIndex(slot, area)] = sorted[slot].StockIn(area);
                versions[StockIndex(slot, area)] = sorted[slot].Versions.In(area);
            }
        }

        var snapshot = new Snapshot(
            [.. sorted.Select(p => p.ProdId)],
            [.. sorted.Select(p => p.Name)],
            [.. sorted.Select(p => p.Price)],
            stock,
            versions,
            sorted.Select((p, slot) => (p.ProdId, slot)).ToFrozenDictionary(e => e.ProdId, e => e.slot));
        lock (_writeGate)
        {
            KeepNewerLevels(_snapshot, snapshot);
            _snapshot = snapshot;
        }
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

    /// <summary>
    /// Sets stock levels committed by a writer. A versioned level (<see cref="StockLevel.Version"/> &gt; 0) is set only when
    /// newer than the model's; an unversioned one always. Returns <see langword="false"/> when the levels do not follow
    /// on from the model: one names a product the model does not hold (it is ignored), or skips a version of its row (a
    /// change in between never arrived); the caller then reloads the model.
    /// </summary>
    public bool Apply(IEnumerable<StockLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var inSequence = true;
        lock (_writeGate)
        {
            var snapshot = _snapshot;
            foreach (var level in levels)
            {
                if (!snapshot.Slots.TryGetValue(level.ProdId, out var slot))
                {
                    inSequence = false;
                    continue;
                }

                var index = StockIndex(slot, level.Area);
                if (level.Version != 0)
                {
                    var known = snapshot.Versions[index];
                    if (level.Version <= known)
                    {
                        continue;
                    }

                    inSequence &= level.Version == known + 1;
                    snapshot.Versions[index] = level.Version;
                }

                Volatile.Write(ref snapshot.Stock[index], level.Quantity);
            }
        }

        return inSequence;
    }

    /// <summary>Carries into <paramref name="loaded"/> every versioned level <paramref name="current"/> holds at a newer version.</summary>
    private static void KeepNewerLevels(Snapshot current, Snapshot loaded)
    {
        for (var slot = 0; slot < current.Ids.Length; slot++)
        {
            if (!loaded.Slots.TryGetValue(current.Ids[slot], out var loadedSlot))
            {
                continue;
            }

            foreach (var area in Areas)
            {
                var from = StockIndex(slot, area);
                var to = StockIndex(loadedSlot, area);
                if (current.Versions[from] > loaded.Versions[to])
                {
                    loaded.Versions[to] = current.Versions[from];
                    loaded.Stock[to] = current.Stock[from];
                }
            }
        }
    }

    private static int StockIndex(int slot, ProdAreas area) => (slot * 3) + (int)area;

    private sealed record Snapshot(int[] Ids, string[] Names, float[] Prices, int[] Stock, long[] Versions, FrozenDictionary<int, int> Slots)
    {
        public static readonly Snapshot Empty = new([], [], [], [], [], FrozenDictionary<int, int>.Empty);
    }
}
