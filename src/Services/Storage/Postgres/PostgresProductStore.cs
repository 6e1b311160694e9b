using System.Runtime.CompilerServices;
using Npgsql;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>Products with their stock levels and row versions from PostgreSQL, read whole into the read model.</summary>
internal sealed class PostgresProductStore(NpgsqlDataSource dataSource, ChangeFeedStatus feed) : IProductStore
{
    /// <summary>How long a health probe waits for the database before calling it unreachable.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async IAsyncEnumerable<ProductRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One statement: one consistent snapshot of every row, whatever commits meanwhile.
        await using var command = dataSource.CreateCommand("""
            SELECT p.prod_id, p.prod_name, p.prod_price,
                   COALESCE(a.quantity, 0), COALESCE(b.quantity, 0), COALESCE(c.quantity, 0),
                   COALESCE(a.version, 0), COALESCE(b.version, 0), COALESCE(c.version, 0)
            FROM products p
            LEFT JOIN product_stocks a ON a.prod_id = p.prod_id AND a.area = 0
            LEFT JOIN product_stocks b ON b.prod_id = p.prod_id AND b.area = 1
            LEFT JOIN product_stocks c ON c.prod_id = p.prod_id AND c.area = 2
            ORDER BY p.prod_id;
            """);
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresFailures.IsUnavailable(ex))
        {
            throw PostgresFailures.Unavailable(ex);
        }

        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new ProductRecord(reader.GetInt32(0), reader.GetString(1), reader.GetFloat(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5))
                {
                    Versions = new StockVersions(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
                };
            }
        }
    }

    /// <summary>Answers when the database answers and the read model follows it (the change feed listens).</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (!feed.IsListening)
        {
            throw new StoreUnavailableException("The read model does not follow the PostgreSQL database: its change feed is reconnecting.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        await using var command = dataSource.CreateCommand("SELECT 1;");
        try
        {
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"The PostgreSQL database did not answer within {ProbeTimeout.TotalSeconds:0} s.");
        }
    }
}
