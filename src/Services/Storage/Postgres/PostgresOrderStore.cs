using Npgsql;
using ProdStock.Contracts;
using static ProdStock.Services.Storage.Postgres.PostgresStatements;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// Orders in PostgreSQL, written by the host's <see cref="PostgresWriter"/> (group commit): each order is stored with
/// its lines and their stock taken, all or nothing, at most once per order number across every host sharing the
/// database; an acknowledged order is durable and this host's read model shows its stock levels.
/// </summary>
internal sealed class PostgresOrderStore(NpgsqlDataSource dataSource, PostgresWriter writer) : IOrderStore
{
    public ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return writer.WriteAsync(new OrderWrite(order), cancellationToken);
    }

    /// <summary>The order stored under an order number, or <see langword="null"/> (for tests and tools; the service never reads orders back).</summary>
    public async ValueTask<StoredOrder?> FindByOrderNoAsync(string orderNo, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(FindOrder(orderNo));
        batch.BatchCommands.Add(FindLines(orderNo));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadOrderAsync(reader, orderNo, cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand FindOrder(string orderNo) => Statement(
        "SELECT order_id, user_id, order_money, order_time, time_from_client FROM orders WHERE order_no = $1;", orderNo);

    private static NpgsqlBatchCommand FindLines(string orderNo) => Statement("""
        SELECT l.prod_id, l.area, l.quantity FROM order_lines l JOIN orders o ON o.order_id = l.order_id
        WHERE o.order_no = $1 ORDER BY l.line_no;
        """, orderNo);

    /// <summary>Reads the results of <see cref="FindOrder"/> and <see cref="FindLines"/>, the reader on the first.</summary>
    private static async Task<StoredOrder?> ReadOrderAsync(NpgsqlDataReader reader, string orderNo, CancellationToken cancellationToken)
    {
        StoredOrder? order = null;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            order = new StoredOrder(reader.GetInt64(0), orderNo, reader.GetInt32(1), reader.GetFloat(2), reader.GetDateTime(3), reader.GetBoolean(4), []);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var lines = new List<OrderLineItem>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(new OrderLineItem(reader.GetInt32(0), (ProdAreas)reader.GetInt32(1), reader.GetInt32(2)));
        }

        return order is null ? null : order with { Lines = lines };
    }
}
