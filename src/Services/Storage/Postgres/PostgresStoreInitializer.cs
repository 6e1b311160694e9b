using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// Applies pending migrations and loads demo data into an empty database, all in one transaction under an advisory
/// lock: of several hosts starting on one database at the same moment, one does the work and the others wait for it,
/// then find it done.
/// </summary>
internal sealed partial class PostgresStoreInitializer(
    NpgsqlDataSource dataSource,
    IOptions<StoreOptions> options,
    ILogger<PostgresStoreInitializer> logger) : IEngineInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MigrateAndSeedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            // Unreachable, or refusing this user or database: either way the host cannot start on it, and says why.
            throw PostgresFailures.Unavailable(ex);
        }
    }

    private async Task MigrateAndSeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({PostgresStatements.SchemaLock}, 0);", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS prodstock_schema (version integer NOT NULL);", cancellationToken).ConfigureAwait(false);
        var version = await ScalarAsync(connection, "SELECT max(version) FROM prodstock_schema;", cancellationToken).ConfigureAwait(false) is int v ? v : 0;
        if (version > PostgresSchema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database '{connection.Database}' has ProdStock schema version {version}, newer than this build knows ({PostgresSchema.CurrentVersion}). Use a newer ProdStock or another database.");
        }

        for (var next = version; next < PostgresSchema.CurrentVersion; next++)
        {
            await ExecuteAsync(connection, PostgresSchema.Migrations[next], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"DELETE FROM prodstock_schema; INSERT INTO prodstock_schema (version) VALUES ({next + 1});", cancellationToken).ConfigureAwait(false);
            LogMigrated(next + 1, connection.Database);
        }

        var seed = options.Value.SeedDemoData && await ScalarAsync(connection, "SELECT NOT EXISTS (SELECT 1 FROM products);", cancellationToken).ConfigureAwait(false) is true;
        if (seed)
        {
            await SeedAsync(connection, options.Value.DemoProductCount, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (seed)
        {
            LogSeeded(options.Value.DemoProductCount, DemoDataSet.UserCount, connection.Database);
        }
    }

    /// <summary>Loads the demo data with binary COPY, the fastest way into PostgreSQL (a million products in seconds).</summary>
    private static async Task SeedAsync(NpgsqlConnection connection, int productCount, CancellationToken cancellationToken)
    {
        await using (var products = await connection.BeginBinaryImportAsync("COPY products (prod_id, prod_name, prod_price) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in DemoDataSet.Products(productCount))
            {
                await products.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await products.WriteAsync(item.ProdId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await products.WriteAsync(item.Name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await products.WriteAsync(item.Price, NpgsqlDbType.Real, cancellationToken).ConfigureAwait(false);
            }

            await products.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var stocks = await connection.BeginBinaryImportAsync("COPY product_stocks (prod_id, area, quantity) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in DemoDataSet.Products(productCount))
            {
                foreach (var (area, quantity) in item.Stock)
                {
                    await stocks.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await stocks.WriteAsync(item.ProdId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await stocks.WriteAsync((int)area, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await stocks.WriteAsync(quantity, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                }
            }

            await stocks.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var scores = await connection.BeginBinaryImportAsync("COPY user_scores (user_id, user_score) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var user in DemoDataSet.UserScores())
            {
                await scores.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await scores.WriteAsync(user.UserId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await scores.WriteAsync(user.Score, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            }

            await scores.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL schema migration {Version} to database {Database}")]
    private partial void LogMigrated(int version, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the demo data set ({ProductCount} products, {UserCount} user scores) into the empty PostgreSQL database {Database}")]
    private partial void LogSeeded(int productCount, int userCount, string database);
}
