using System.Runtime.CompilerServices;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>Products and their stock from SQLite, read once at start into the read model.</summary>
internal sealed class SqliteProductStore(SqliteConnectionFactory connections) : IProductStore
{
    public async IAsyncEnumerable<ProductRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.prod_id, p.prod_name, p.prod_price,
                   COALESCE(SUM(CASE s.area WHEN 0 THEN s.quantity END), 0),
                   COALESCE(SUM(CASE s.area WHEN 1 THEN s.quantity END), 0),
                   COALESCE(SUM(CASE s.area WHEN 2 THEN s.quantity END), 0)
            FROM products p LEFT JOIN product_stocks s ON s.prod_id = p.prod_id
            GROUP BY p.prod_id ORDER BY p.prod_id;
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new ProductRecord(reader.GetInt32(0), reader.GetString(1), (float)reader.GetDouble(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
        }
    }

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT prod_id FROM products LIMIT 1;";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
