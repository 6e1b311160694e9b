using ProdStock.Contracts;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>Products and stock levels from SQLite.</summary>
internal sealed class SqliteProductStore(SqliteConnectionFactory connections) : IProductStore
{
    public async ValueTask<int?> FindStockAsync(int prodId, ProdAreas area, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(s.quantity, 0)
            FROM products p
            LEFT JOIN product_stocks s ON s.prod_id = p.prod_id AND s.area = $area
            WHERE p.prod_id = $id;
            """;
        command.Parameters.AddWithValue("$id", prodId);
        command.Parameters.AddWithValue("$area", (int)area);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null ? null : Convert.ToInt32(value);
    }

    public async ValueTask<IReadOnlyList<ProductStock>> ListStocksAsync(int count, ProdAreas area, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.prod_id, COALESCE(s.quantity, 0)
            FROM products p
            LEFT JOIN product_stocks s ON s.prod_id = p.prod_id AND s.area = $area
            ORDER BY p.prod_id
            LIMIT $count;
            """;
        command.Parameters.AddWithValue("$count", count);
        command.Parameters.AddWithValue("$area", (int)area);
        var stocks = new List<ProductStock>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            stocks.Add(new ProductStock(reader.GetInt32(0), reader.GetInt32(1)));
        }

        return stocks;
    }

    public async ValueTask<Product?> FindProductAsync(int prodId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT prod_id, prod_name, prod_price FROM products WHERE prod_id = $id;";
        command.Parameters.AddWithValue("$id", prodId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new Product(reader.GetInt32(0), reader.GetString(1), (float)reader.GetDouble(2))
            : null;
    }
}
