using Microsoft.Data.Sqlite;
using ProdStock.Contracts;

namespace ProdStock.IntegrationTests.Orders;

/// <summary>Reads a host's SQLite file directly, as an auditor would: the authority the read model must agree with.</summary>
internal static class StockDatabase
{
    public static async Task<Dictionary<(int ProdId, ProdAreas Area), int>> StockAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT prod_id, area, quantity FROM product_stocks;";
        var stock = new Dictionary<(int, ProdAreas), int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stock[(reader.GetInt32(0), (ProdAreas)reader.GetInt32(1))] = reader.GetInt32(2);
        }

        return stock;
    }

    /// <summary>Every stored order number with its lines.</summary>
    public static async Task<Dictionary<string, List<(int ProdId, ProdAreas Area, int Quantity)>>> OrdersAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT o.order_no, l.prod_id, l.area, l.quantity FROM orders o LEFT JOIN order_lines l ON l.order_id = o.order_id;";
        var orders = new Dictionary<string, List<(int, ProdAreas, int)>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var lines = orders.TryGetValue(reader.GetString(0), out var found) ? found : orders[reader.GetString(0)] = [];
            if (!reader.IsDBNull(1))
            {
                lines.Add((reader.GetInt32(1), (ProdAreas)reader.GetInt32(2), reader.GetInt32(3)));
            }
        }

        return orders;
    }
}
