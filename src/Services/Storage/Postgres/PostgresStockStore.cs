using Npgsql;
using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using static ProdStock.Services.Storage.Postgres.PostgresStatements;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// Stock adjustments in PostgreSQL, each in its own transaction: the adjustment id's advisory lock, then the stock row
/// locked, checked and moved (the same lock order as orders, so the two never deadlock), and the adjustment recorded.
/// </summary>
internal sealed class PostgresStockStore(NpgsqlDataSource dataSource, ProductReadModel readModel, TimeProvider clock) : IStockStore
{
    /// <summary>How often an adjustment starts again after another one created the same missing stock row first.</summary>
    private const int MaxAttempts = 3;

    public async ValueTask<StockAdjustmentOutcome> AdjustAsync(StockAdjustment adjustment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await AdjustInTransactionAsync(adjustment, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    if (result.Level is { } level)
                    {
                        readModel.Apply([level]);
                    }

                    return result.Outcome;
                }

                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"Adjustment '{adjustment.AdjustmentId}' lost the race for a new stock row {MaxAttempts} times.");
                }
            }
        }
        catch (Exception ex) when (PostgresFailures.IsUnavailable(ex))
        {
            throw PostgresFailures.Unavailable(ex);
        }
    }

    /// <summary>The adjustment recorded under an id, or <see langword="null"/> (for tests and tools).</summary>
    public async ValueTask<StoredAdjustment?> FindAsync(string adjustmentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandText = FindSql;
        command.Parameters.Add(new NpgsqlParameter { Value = adjustmentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadAdjustment(reader) : null;
    }

    private const string FindSql = "SELECT adjustment_id, prod_id, area, delta, resulting_quantity FROM stock_adjustments WHERE adjustment_id = $1;";

    /// <summary>The outcome and the level it set, or <see langword="null"/> when another transaction created the missing stock row first.</summary>
    private async Task<(StockAdjustmentOutcome Outcome, StockLevel? Level)?> AdjustInTransactionAsync(StockAdjustment adjustment, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        StoredAdjustment? existing = null;
        int? available = null;
        bool productExists;
        await using (var batch = Batch(connection, transaction,
            Statement("SELECT pg_advisory_xact_lock($1, hashtext($2));", AdjustmentIdLock, adjustment.AdjustmentId),
            Statement(FindSql, adjustment.AdjustmentId),
            Statement("SELECT quantity FROM product_stocks WHERE prod_id = $1 AND area = $2 FOR UPDATE;", adjustment.ProdId, (int)adjustment.Area),
            Statement("SELECT EXISTS (SELECT 1 FROM products WHERE prod_id = $1);", adjustment.ProdId)))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing = ReadAdjustment(reader);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                available = reader.GetInt32(0);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            productExists = reader.GetBoolean(0);
        }

        if (existing is not null)
        {
            return (new StockAdjustmentOutcome.AlreadyRecorded(existing), null);
        }

        if (!productExists)
        {
            return (new StockAdjustmentOutcome.UnknownProduct(adjustment.ProdId), null);
        }

        var target = (long)(available ?? 0) + adjustment.Delta;
        if (target < 0)
        {
            return (new StockAdjustmentOutcome.InsufficientStock(new StockShortage(adjustment.ProdId, adjustment.Area, -adjustment.Delta, available ?? 0)), null);
        }

        if (target > int.MaxValue)
        {
            return (new StockAdjustmentOutcome.OverCapacity(available ?? 0), null);
        }

        // An area the product has no row for yet gets one, at version 1 so that every host's model (version 0) takes it.
        var move = available is null
            ? Statement("""
                INSERT INTO product_stocks (prod_id, area, quantity, version) VALUES ($1, $2, $3, 1)
                ON CONFLICT (prod_id, area) DO NOTHING RETURNING quantity, version;
                """, adjustment.ProdId, (int)adjustment.Area, (int)target)
            : Statement("UPDATE product_stocks SET quantity = $3 WHERE prod_id = $1 AND area = $2 RETURNING quantity, version;", adjustment.ProdId, (int)adjustment.Area, (int)target);
        var stored = new StoredAdjustment(adjustment.AdjustmentId, adjustment.ProdId, adjustment.Area, adjustment.Delta, (int)target);
        StockLevel level;
        await using (var batch = Batch(connection, transaction,
            move,
            Statement("""
                INSERT INTO stock_adjustments (adjustment_id, prod_id, area, delta, resulting_quantity, created_at)
                VALUES ($1, $2, $3, $4, $5, $6);
                """, stored.AdjustmentId, stored.ProdId, (int)stored.Area, stored.Delta, stored.ResultingQuantity, clock.GetUtcNow())))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Another adjustment created the row since this one looked: start again and lock it.
                return null;
            }

            level = new StockLevel(stored.ProdId, stored.Area, reader.GetInt32(0), reader.GetInt64(1));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (new StockAdjustmentOutcome.Applied(stored), level);
    }

    private static StoredAdjustment ReadAdjustment(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetInt32(1), (ProdAreas)reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
}
