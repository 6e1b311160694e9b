namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// The schema as an ordered list of migrations. <c>PRAGMA user_version</c> records how many have been applied;
/// a new version appends a migration and never edits an old one.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: products, stock per area, orders, user scores.
        """
        CREATE TABLE products (
            prod_id    INTEGER PRIMARY KEY,
            prod_name  TEXT    NOT NULL,
            prod_price REAL    NOT NULL
        );
        CREATE TABLE product_stocks (
            prod_id  INTEGER NOT NULL REFERENCES products(prod_id) ON DELETE CASCADE,
            area     INTEGER NOT NULL,
            quantity INTEGER NOT NULL CHECK (quantity >= 0),
            PRIMARY KEY (prod_id, area)
        ) WITHOUT ROWID;
        CREATE TABLE orders (
            order_id         INTEGER PRIMARY KEY AUTOINCREMENT,
            order_no         TEXT    NOT NULL UNIQUE,
            user_id          INTEGER NOT NULL,
            order_money      REAL    NOT NULL,
            order_time_ticks INTEGER NOT NULL,
            time_from_client INTEGER NOT NULL,
            created_ticks    INTEGER NOT NULL
        );
        CREATE TABLE user_scores (
            user_id    INTEGER PRIMARY KEY,
            user_score INTEGER NOT NULL
        );
        """,

        // 2: the lines of an order: what it took from stock.
        """
        CREATE TABLE order_lines (
            order_id INTEGER NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE,
            line_no  INTEGER NOT NULL,
            prod_id  INTEGER NOT NULL,
            area     INTEGER NOT NULL,
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            PRIMARY KEY (order_id, line_no)
        ) WITHOUT ROWID;
        """,

        // 3: stock adjustments (restocking, corrections), one per client adjustment id.
        """
        CREATE TABLE stock_adjustments (
            adjustment_id      TEXT    NOT NULL PRIMARY KEY,
            prod_id            INTEGER NOT NULL,
            area               INTEGER NOT NULL,
            delta              INTEGER NOT NULL CHECK (delta <> 0),
            resulting_quantity INTEGER NOT NULL CHECK (resulting_quantity >= 0),
            created_ticks      INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
    ];

    /// <summary>The schema version a fully migrated database has.</summary>
    public static int CurrentVersion => Migrations.Count;
}
