using Npgsql;
using ProdStock.Contracts;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// Stock adjustments in PostgreSQL, written by the host's <see cref="PostgresWriter"/>, so they serialize with this
/// host's orders and share their commits, and lock in the same global order as every host's writes: at most once per
/// adjustment id, the stock never below zero nor above <see cref="int.MaxValue"/>.
/// </summary>
internal sealed class PostgresStockStore(NpgsqlDataSource dataSource, PostgresWriter writer) : IStockStore
{
    public ValueTask<StockAdjustmentOutcome> AdjustAsync(StockAdjustment adjustment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        return writer.WriteAsync(new AdjustmentWrite(adjustment), cancellationToken);
    }

    /// <summary>The adjustment recorded under an id, or <see langword="null"/> (for tests and tools).</summary>
    public async ValueTask<StoredAdjustment?> FindAsync(string adjustmentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT adjustment_id, prod_id, area, delta, resulting_quantity FROM stock_adjustments WHERE adjustment_id = $1;");
        command.Parameters.Add(new NpgsqlParameter { Value = adjustmentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredAdjustment(reader.GetString(0), reader.GetInt32(1), (ProdAreas)reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4))
            : null;
    }
}
