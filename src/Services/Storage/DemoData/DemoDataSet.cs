using ProdStock.Contracts;

namespace ProdStock.Services.Storage.DemoData;

/// <summary>
/// The demo data set an empty store is filled with: <see cref="ProductCount"/> products (ids 1..1000) with a name,
/// a price and a stock level in areas A, B and C, and scores of <see cref="UserCount"/> users (ids 1..1000).
/// Every value is a pure function of the id, so tests and documentation can name real values.
/// </summary>
public static class DemoDataSet
{
    /// <summary>How many demo products there are; their ids are 1..ProductCount.</summary>
    public const int ProductCount = 1000;

    /// <summary>How many demo users have a score; their ids are 1..UserCount.</summary>
    public const int UserCount = 1000;

    private static readonly string[] Adjectives =
    [
        "Classic", "Compact", "Deluxe", "Eco", "Elegant", "Ergonomic", "Handmade", "Heavy-Duty",
        "Lightweight", "Modern", "Portable", "Premium", "Rustic", "Sleek", "Smart", "Vintage",
    ];

    private static readonly string[] Materials =
    [
        "Aluminium", "Bamboo", "Ceramic", "Cotton", "Glass", "Granite", "Leather", "Linen",
        "Maple", "Oak", "Rubber", "Silk", "Steel", "Walnut", "Wool", "Copper",
    ];

    private static readonly string[] Nouns =
    [
        "Backpack", "Bench", "Bottle", "Bowl", "Chair", "Clock", "Desk", "Kettle", "Lamp", "Mug",
        "Notebook", "Pan", "Pillow", "Shelf", "Stool", "Table", "Teapot", "Tray", "Vase", "Wallet",
    ];

    /// <summary>The demo product with an id, or <see langword="null"/> outside 1..<see cref="ProductCount"/>.</summary>
    public static DemoProduct? Product(int prodId) => prodId < 1 || prodId > ProductCount ? null : Make(prodId);

    /// <summary>
    /// The first <paramref name="count"/> demo products in id order (1..count). The first 1,000 are <see cref="Products()"/>;
    /// larger sets, for load tests of the read model, continue with the same rules.
    /// </summary>
    public static IEnumerable<DemoProduct> Products(int count)
    {
        for (var id = 1; id <= count; id++)
        {
            yield return Make(id);
        }
    }

    private static DemoProduct Make(int prodId)
    {
        var name = $"{Pick(Adjectives, prodId, 1)} {Pick(Materials, prodId, 2)} {Pick(Nouns, prodId, 3)}";
        // Prices from 1.00 to 500.99 in whole cents.
        var cents = 100 + (int)(Mix(prodId, 4) % 50_000);
        var price = (float)Math.Round(cents / 100m, 2);
        return new DemoProduct(prodId, name, price,
        [
            (ProdAreas.A, (int)(Mix(prodId, 5) % 1000)),
            (ProdAreas.B, (int)(Mix(prodId, 6) % 1000)),
            (ProdAreas.C, (int)(Mix(prodId, 7) % 1000)),
        ]);
    }

    /// <summary>All demo products in id order.</summary>
    public static IEnumerable<DemoProduct> Products() => Products(ProductCount);

    /// <summary>The demo score of a user; 0 outside 1..<see cref="UserCount"/>, as for any unknown user.</summary>
    public static int Score(int userId) =>
        userId < 1 || userId > UserCount ? 0 : 1 + (int)(Mix(userId, 8) % 10_000);

    /// <summary>All demo user scores in id order.</summary>
    public static IEnumerable<DemoUserScore> UserScores()
    {
        for (var id = 1; id <= UserCount; id++)
        {
            yield return new DemoUserScore(id, Score(id));
        }
    }

    private static string Pick(string[] words, int id, int salt) => words[Mix(id, salt) % (ulong)words.Length];

    // SplitMix64 finalizer: a fixed, well-spread function of (id, salt); never seeded from time.
    private static ulong Mix(int id, int salt)
    {
        var z = ((ulong)(uint)id << 8 | (uint)salt) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
