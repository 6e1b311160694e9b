using System.ComponentModel.DataAnnotations;

namespace ProdStock.Services.Storage;

/// <summary>Where and how ProdStock keeps its data (configuration section <c>ProdStock:Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ProdStock:Store";

    /// <summary>The storage engine. Only <c>Sqlite</c> exists today.</summary>
    [Required]
    [RegularExpression("^(?i:sqlite)$", ErrorMessage = "ProdStock:Store:Provider must be 'Sqlite'.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite database file; relative paths are resolved against the host's content root. Default <c>data/prodstock.db</c>.</summary>
    [Required]
    public string Path { get; set; } = "data/prodstock.db";

    /// <summary>Whether an empty store is filled with the deterministic demo data set on start. Default <see langword="true"/>.</summary>
    public bool SeedDemoData { get; set; } = true;
}
