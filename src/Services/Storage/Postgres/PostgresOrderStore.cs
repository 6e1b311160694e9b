using Npgsql;
using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using static ProdStock.Services.Storage.Postgres.PostgresStatements;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// Orders in PostgreSQL, each in its own transaction on a pooled connection: PostgreSQL locks the rows an order touches
/// and flushes concurrent commits together, so the engine needs no writer of its own, and hosts sharing the database
/// serialize exactly where their orders meet. Every transaction takes its locks in one global order — the order
/// number's advisory lock, then the stock rows sorted by product and area — so orders never deadlock, whichever hosts
/// send them and in whatever order their lines come.
/// </summary>
internal sealed class PostgresOrderStore(NpgsqlDataSource dataSource, ProductReadModel readModel, TimeProvider clock) : IOrderStore
{
    public async ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        (OrderPlacement Placement, List<StockLevel> Levels) result;
        try
        {
            result = await PlaceInTransactionAsync(order, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresFailures.IsUnavailable(ex))
        {
            throw PostgresFailures.Unavailable(ex);
        }

        readModel.Apply(result.Levels);
        return result.Placement;
    }

    /// <summary>The order stored under an order number, or <see langword="null"/> (for tests and tools; the service never reads orders back).</summary>
    public async ValueTask<StoredOrder?> FindByOrderNoAsync(string orderNo, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = Batch(connection, transaction, FindOrder(orderNo), FindLines(orderNo));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadOrderAsync(reader, orderNo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(OrderPlacement, List<StockLevel>)> PlaceInTransactionAsync(NewOrder order, CancellationToken cancellationToken)
    {
        var sorted = order.Lines.OrderBy(l => l.ProdId).ThenBy(l => l.Area).ToArray();
        int[] prodIds = [.. sorted.Select(l => l.ProdId)];
        int[] areas = [.. sorted.Select(l => (int)l.Area)];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // One round trip: the order number's lock, the order if it is stored, and the lines' stock rows locked in order.
        StoredOrder? existing;
        var stock = new Dictionary<(int, ProdAreas), int>();
        var known = new HashSet<int>();
        await using (var batch = Batch(connection, transaction,
            Statement("SELECT pg_advisory_xact_lock($1, hashtext($2));", OrderNumberLock, order.OrderNo),
            FindOrder(order.OrderNo),
            FindLines(order.OrderNo),
            Statement("""
                SELECT s.prod_id, s.area, s.quantity FROM product_stocks s
                JOIN unnest($1::integer[], $2::integer[]) AS w(prod_id, area) ON s.prod_id = w.prod_id AND s.area = w.area
                ORDER BY s.prod_id, s.area FOR UPDATE OF s;
                """, prodIds, areas),
            Statement("SELECT prod_id FROM products WHERE prod_id = ANY($1);", prodIds)))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            existing = await ReadOrderAsync(reader, order.OrderNo, cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stock[(reader.GetInt32(0), (ProdAreas)reader.GetInt32(1))] = reader.GetInt32(2);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                known.Add(reader.GetInt32(0));
            }
        }

        if (existing is not null)
        {
            return (new OrderPlacement.AlreadyStored(existing), []);
        }

        if (Refusal(order, stock, known) is { } refusal)
        {
            return (refusal, []);
        }

        var levels = new List<StockLevel>(sorted.Length);
        int orderId;
        await using (var batch = Batch(connection, transaction,
            Statement("""
                UPDATE product_stocks s SET quantity = s.quantity - w.quantity
                FROM unnest($1::integer[], $2::integer[], $3::integer[]) AS w(prod_id, area, quantity)
                WHERE s.prod_id = w.prod_id AND s.area = w.area
                RETURNING s.prod_id, s.area, s.quantity, s.version;
                """, prodIds, areas, sorted.Select(l => l.Quantity).ToArray()),
            Statement("""
                WITH placed AS (
                    INSERT INTO orders (order_no, user_id, order_money, order_time, time_from_client, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6) RETURNING order_id),
                lines AS (
                    INSERT INTO order_lines (order_id, line_no, prod_id, area, quantity)
                    SELECT placed.order_id, l.n - 1, l.prod_id, l.area, l.quantity
                    FROM placed, unnest($7::integer[], $8::integer[], $9::integer[]) WITH ORDINALITY AS l(prod_id, area, quantity, n))
                SELECT order_id FROM placed;
                """,
                order.OrderNo, order.UserId, order.Money, order.OrderTime.ToUniversalTime(), order.TimeFromClient, clock.GetUtcNow(),
                order.Lines.Select(l => l.ProdId).ToArray(), order.Lines.Select(l => (int)l.Area).ToArray(), order.Lines.Select(l => l.Quantity).ToArray())))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                levels.Add(new StockLevel(reader.GetInt32(0), (ProdAreas)reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3)));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            orderId = reader.GetInt32(0);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var stored = new StoredOrder(orderId, order.OrderNo, order.UserId, order.Money, order.OrderTime.ToUniversalTime(), order.TimeFromClient, order.Lines);
        return (new OrderPlacement.Placed(stored), levels);
    }

    /// <summary>Why the order cannot be served from the locked stock rows, or <see langword="null"/> when it can.</summary>
    private static OrderPlacement? Refusal(NewOrder order, Dictionary<(int, ProdAreas), int> stock, HashSet<int> known)
    {
        List<int>? unknown = null;
        List<StockShortage>? shortages = null;
        foreach (var line in order.Lines)
        {
            var available = stock.GetValueOrDefault((line.ProdId, line.Area));
            if (!known.Contains(line.ProdId))
            {
                (unknown ??= []).Add(line.ProdId);
            }
            else if (available < line.Quantity)
            {
                (shortages ??= []).Add(new StockShortage(line.ProdId, line.Area, line.Quantity, available));
            }
        }

        return unknown is not null ? new OrderPlacement.UnknownProducts([.. unknown.Distinct()])
            : shortages is not null ? new OrderPlacement.InsufficientStock(shortages)
            : null;
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
            order = new StoredOrder(reader.GetInt32(0), orderNo, reader.GetInt32(1), reader.GetFloat(2), reader.GetDateTime(3), reader.GetBoolean(4), []);
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
