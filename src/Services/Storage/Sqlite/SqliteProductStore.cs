using Microsoft.Data.Sqlite;
using ProdStock.Contracts;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// Products and stock levels from SQLite. The stock of one product, the hot read of the service, runs a statement
/// prepared once on pooled open connections (<see cref="PreparedQueryPool"/>); the other reads use pooled connections.
/// </summary>
internal sealed class SqliteProductStore(SqliteConnectionFactory connections) : IProductStore, IDisposable
{
    private readonly PreparedQueryPool _stockQuery = new(connections, """
        SELECT COALESCE(s.quantity, 0)
        FROM products p
        LEFT JOIN product_stocks s ON s.prod_id = p.prod_id AND s.area = $area
        WHERE p.prod_id = $id;
        """, ("$id", SqliteType.Integer), ("$area", SqliteType.Integer));

    public ValueTask<int?> FindStockAsync(int prodId, ProdAreas area, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var query = _stockQuery.Rent();
        try
        {
            query.Parameters[0].Value = prodId;
            query.Parameters[1].Value = (int)area;
            // Microsoft.Data.Sqlite runs synchronously anyway; the synchronous call spares a Task per read.
            var value = query.Command.ExecuteScalar();
            return ValueTask.FromResult(value is null ? (int?)null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            _stockQuery.Return(query);
        }
    }

    public void Dispose() => _stockQuery.Dispose();

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
