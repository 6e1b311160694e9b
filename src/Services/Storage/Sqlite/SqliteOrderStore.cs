using Microsoft.Data.Sqlite;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// Orders in SQLite. The UNIQUE constraint on <c>order_no</c> with <c>ON CONFLICT DO NOTHING</c> makes the
/// insert-if-absent atomic: of concurrent inserts with one order number exactly one stores a row.
/// </summary>
internal sealed class SqliteOrderStore(SqliteConnectionFactory connections, TimeProvider clock) : IOrderStore
{
    private const string Columns = "order_id, order_no, user_id, order_money, order_time_ticks, time_from_client";

    public async ValueTask<OrderInsertResult> InsertIfAbsentAsync(NewOrder order, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE: the transaction takes the write lock first, so the read below sees the winner's row.
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO orders (order_no, user_id, order_money, order_time_ticks, time_from_client, created_ticks)
                VALUES ($no, $user, $money, $time, $fromClient, $created)
                ON CONFLICT (order_no) DO NOTHING
                RETURNING {Columns};
                """;
            insert.Parameters.AddWithValue("$no", order.OrderNo);
            insert.Parameters.AddWithValue("$user", order.UserId);
            insert.Parameters.AddWithValue("$money", (double)order.Money);
            insert.Parameters.AddWithValue("$time", order.OrderTime.ToUniversalTime().Ticks);
            insert.Parameters.AddWithValue("$fromClient", order.TimeFromClient);
            insert.Parameters.AddWithValue("$created", clock.GetUtcNow().UtcTicks);
            StoredOrder? inserted = null;
            await using (var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    inserted = Read(reader);
                }
            }

            if (inserted is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new OrderInsertResult(true, inserted);
            }
        }

        var existing = await FindAsync(connection, transaction, order.OrderNo, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"order_no '{order.OrderNo}' conflicted but no stored order was found.");
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new OrderInsertResult(false, existing);
    }

    /// <summary>The order stored under an order number, or <see langword="null"/> (for tests and tools; the service never reads orders back).</summary>
    public async ValueTask<StoredOrder?> FindByOrderNoAsync(string orderNo, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, orderNo, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredOrder?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, string orderNo, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {Columns} FROM orders WHERE order_no = $no;";
        select.Parameters.AddWithValue("$no", orderNo);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static StoredOrder Read(SqliteDataReader reader) => new(
        OrderId: reader.GetInt32(0),
        OrderNo: reader.GetString(1),
        UserId: reader.GetInt32(2),
        Money: (float)reader.GetDouble(3),
        OrderTime: new DateTime(reader.GetInt64(4), DateTimeKind.Utc),
        TimeFromClient: reader.GetBoolean(5));
}
