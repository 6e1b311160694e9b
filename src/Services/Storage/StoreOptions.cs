using System.ComponentModel.DataAnnotations;

namespace ProdStock.Services.Storage;

/// <summary>Where and how ProdStock keeps its data (configuration section <c>ProdStock:Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ProdStock:Store";

    /// <summary>
    /// The storage engine: <c>Sqlite</c> (the default: one file, one host), <c>Postgres</c> (one PostgreSQL database
    /// shared by any number of hosts, at <see cref="ConnectionString"/>) or <c>Memory</c> (the demo data in memory, orders
    /// lost at stop: for benchmarks and tests only).
    /// </summary>
    [Required]
    [RegularExpression("^(?i:sqlite|postgres|memory)$", ErrorMessage = "ProdStock:Store:Provider must be 'Sqlite', 'Postgres' or 'Memory'.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Whether <see cref="Provider"/> names the in-memory engine.</summary>
    internal bool IsMemory => string.Equals(Provider, "Memory", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <see cref="Provider"/> names the PostgreSQL engine.</summary>
    internal bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The Npgsql connection string of the PostgreSQL engine, e.g. <c>Host=db;Database=prodstock;Username=prodstock;Password=…</c>.
    /// The host takes it from <c>ConnectionStrings:ProdStock</c> (environment variable <c>ConnectionStrings__ProdStock</c>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQLite database file; relative paths are resolved against the working directory. Default <c>data/prodstock.db</c>.</summary>
    [Required]
    public string Path { get; set; } = "data/prodstock.db";

    /// <summary>Whether an empty store is filled with the deterministic demo data set on start. Default <see langword="true"/>.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// How many demo products an empty store is filled with (ids 1..N): 1,000 by default, up to 10,000,000 to load-test
    /// the read model.
    /// </summary>
    [Range(1, 10_000_000)]
    public int DemoProductCount { get; set; } = DemoData.DemoDataSet.ProductCount;
}
