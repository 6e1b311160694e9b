using Npgsql;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>Small helpers for the engine's statements: positional parameters (<c>$1</c>, <c>$2</c>…) and batches.</summary>
internal static class PostgresStatements
{
    /// <summary>The advisory lock classes (the first key of <c>pg_advisory_xact_lock(int, int)</c>) of the engine.</summary>
    public const int SchemaLock = 0x50530000;

    /// <inheritdoc cref="SchemaLock"/>
    public const int OrderNumberLock = 0x50530001;

    /// <inheritdoc cref="SchemaLock"/>
    public const int AdjustmentIdLock = 0x50530002;

    /// <summary>
    /// A statement of a batch with its positional parameter values. A lone <c>string[]</c> value must be cast to
    /// <see cref="object"/>: array covariance would otherwise make it the parameter list itself.
    /// </summary>
    public static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>A batch of statements in a transaction: one round trip for all of them.</summary>
    public static NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction transaction, params NpgsqlBatchCommand[] statements)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        return batch;
    }
}
