using Microsoft.Data.Sqlite;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// Stock adjustments in SQLite, written by the engine's single <see cref="SqliteWriter"/>, so they serialize with
/// orders and share their group commits: each adjustment, in its own savepoint, looks up its id in
/// <c>stock_adjustments</c>, moves the stock with a bounds-checked <c>UPDATE</c> and records itself.
/// </summary>
internal sealed class SqliteStockStore(SqliteConnectionFactory connections, SqliteWriter writer) : IStockStore
{
    public ValueTask<StockAdjustmentOutcome> AdjustAsync(StockAdjustment adjustment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        return writer.WriteAsync(new PendingAdjustment(adjustment), cancellationToken);
    }

    /// <summary>The adjustment recorded under an id, or <see langword="null"/> (for tests and tools).</summary>
    public async ValueTask<StoredAdjustment?> FindAsync(string adjustmentId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        using var commands = new StockAdjustmentCommands(connection);
        return commands.Find(null, adjustmentId);
    }

    /// <summary>An adjustment waiting for the writer.</summary>
    private sealed class PendingAdjustment(StockAdjustment adjustment) : SqliteWrite<StockAdjustmentOutcome>
    {
        protected override (StockAdjustmentOutcome Outcome, bool Keep) Run(WriterCommands writer, SqliteTransaction transaction, List<StockLevel> levels, long nowTicks)
        {
            var commands = writer.Adjustments;
            if (commands.Find(transaction, adjustment.AdjustmentId) is { } existing)
            {
                return (new StockAdjustmentOutcome.AlreadyRecorded(existing), false);
            }

            int quantity;
            if (commands.Adjust(transaction, adjustment) is { } adjusted)
            {
                quantity = adjusted;
            }
            else if (commands.StockOf(transaction, adjustment.ProdId, adjustment.Area) is { } available)
            {
                return (Refusal(available), false);
            }
            else if (!commands.ProductExists(transaction, adjustment.ProdId))
            {
                return (new StockAdjustmentOutcome.UnknownProduct(adjustment.ProdId), false);
            }
            else if (adjustment.Delta < 0)
            {
                // A known product without a row for this area has none there.
                return (Refusal(0), false);
            }
            else
            {
                commands.InsertStock(transaction, adjustment.ProdId, adjustment.Area, adjustment.Delta);
                quantity = adjustment.Delta;
            }

            var stored = new StoredAdjustment(adjustment.AdjustmentId, adjustment.ProdId, adjustment.Area, adjustment.Delta, quantity);
            commands.Record(transaction, stored, nowTicks);
            levels.Add(new StockLevel(adjustment.ProdId, adjustment.Area, quantity));
            return (new StockAdjustmentOutcome.Applied(stored), true);
        }

        private StockAdjustmentOutcome Refusal(int available) => adjustment.Delta < 0
            ? new StockAdjustmentOutcome.InsufficientStock(new StockShortage(adjustment.ProdId, adjustment.Area, -adjustment.Delta, available))
            : new StockAdjustmentOutcome.OverCapacity(available);
    }
}
