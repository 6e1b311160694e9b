using Microsoft.Data.Sqlite;
using ProdStock.Contracts;
using static ProdStock.Services.Storage.Sqlite.OrderCommands;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>The stock adjustment statements on one connection, each prepared once and run with new parameters.</summary>
internal sealed class StockAdjustmentCommands : IDisposable
{
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _adjust;
    private readonly SqliteCommand _stockOf;
    private readonly SqliteCommand _productExists;
    private readonly SqliteCommand _insertStock;
    private readonly SqliteCommand _record;

    public StockAdjustmentCommands(SqliteConnection connection)
    {
        _find = Command(connection, "SELECT adjustment_id, prod_id, area, delta, resulting_quantity FROM stock_adjustments WHERE adjustment_id = $id;", "$id");
        // The bounds check and the move in one statement: the row changes only when the result stays within 0..int.MaxValue.
        _adjust = Command(connection, """
            UPDATE product_stocks SET quantity = quantity + $delta
            WHERE prod_id = $id AND area = $area AND quantity + $delta BETWEEN 0 AND 2147483647
            RETURNING quantity;
            """, "$delta", "$id", "$area");
        _stockOf = Command(connection, "SELECT quantity FROM product_stocks WHERE prod_id = $id AND area = $area;", "$id", "$area");
        _productExists = Command(connection, "SELECT 1 FROM products WHERE prod_id = $id;", "$id");
        _insertStock = Command(connection, "INSERT INTO product_stocks (prod_id, area, quantity) VALUES ($id, $area, $quantity);", "$id", "$area", "$quantity");
        _record = Command(connection, """
            INSERT INTO stock_adjustments (adjustment_id, prod_id, area, delta, resulting_quantity, created_ticks)
            VALUES ($id, $prod, $area, $delta, $quantity, $created);
            """, "$id", "$prod", "$area", "$delta", "$quantity", "$created");
    }

    public StoredAdjustment? Find(SqliteTransaction? transaction, string adjustmentId)
    {
        using var reader = Run(_find, transaction, adjustmentId).ExecuteReader();
        return reader.Read()
            ? new StoredAdjustment(reader.GetString(0), reader.GetInt32(1), (ProdAreas)reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4))
            : null;
    }

    /// <summary>Adds the delta when the result stays within bounds; the new quantity, or <see langword="null"/> when nothing moved.</summary>
    public int? Adjust(SqliteTransaction transaction, StockAdjustment adjustment) =>
        Run(_adjust, transaction, adjustment.Delta, adjustment.ProdId, (int)adjustment.Area).ExecuteScalar() is long quantity ? (int)quantity : null;

    public int? StockOf(SqliteTransaction transaction, int prodId, ProdAreas area) =>
        Run(_stockOf, transaction, prodId, (int)area).ExecuteScalar() is long quantity ? (int)quantity : null;

    public bool ProductExists(SqliteTransaction transaction, int prodId) => Run(_productExists, transaction, prodId).ExecuteScalar() is not null;

    /// <summary>Creates the stock row of an area a known product has none for yet.</summary>
    public void InsertStock(SqliteTransaction transaction, int prodId, ProdAreas area, int quantity) =>
        Run(_insertStock, transaction, prodId, (int)area, quantity).ExecuteNonQuery();

    public void Record(SqliteTransaction transaction, StoredAdjustment adjustment, long createdTicks) =>
        Run(_record, transaction, adjustment.AdjustmentId, adjustment.ProdId, (int)adjustment.Area, adjustment.Delta, adjustment.ResultingQuantity, createdTicks).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in new[] { _find, _adjust, _stockOf, _productExists, _insertStock, _record })
        {
            command.Dispose();
        }
    }
}
