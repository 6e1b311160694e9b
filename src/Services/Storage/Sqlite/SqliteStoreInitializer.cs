using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>Creates the database file and its folder, switches it to WAL, applies pending migrations and loads demo data.</summary>
internal sealed partial class SqliteStoreInitializer(
    SqliteConnectionFactory connections,
    IOptions<StoreOptions> options,
    ILogger<SqliteStoreInitializer> logger) : IEngineInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // One write transaction (BEGIN IMMEDIATE) around reading the version, migrating and seeding: a second host
        // starting on the same file waits, then finds the work done.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false));
        if (version > SqliteSchema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database '{connections.DatabasePath}' has schema version {version}, newer than this build knows ({SqliteSchema.CurrentVersion}). Use a newer ProdStock or another database file.");
        }

        for (var next = version; next < SqliteSchema.CurrentVersion; next++)
        {
            await ExecuteAsync(connection, SqliteSchema.Migrations[next], cancellationToken, transaction).ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA user_version = {next + 1};", cancellationToken, transaction).ConfigureAwait(false);
            LogMigrated(next + 1, connections.DatabasePath);
        }

        var seed = options.Value.SeedDemoData &&
            Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM products;", cancellationToken).ConfigureAwait(false)) == 0;
        if (seed)
        {
            await SeedAsync(connection, transaction, options.Value.DemoProductCount, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (seed)
        {
            LogSeeded(options.Value.DemoProductCount, DemoDataSet.UserCount, connections.DatabasePath);
        }
    }

    /// <summary>Creates the folder (0700) and file (0600) when missing and opens it in WAL mode; a path that cannot hold the database names ProdStock:Store:Path.</summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(connections.DatabasePath);
        if (Directory.Exists(path))
        {
            throw UnusablePath("it is a folder");
        }

        SqliteConnection? connection = null;
        try
        {
            PrivateDataFiles.Create(path);
            connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException { SqliteErrorCode: 14 or 8 or 10 or 26 })
        {
            // 14 CANTOPEN, 8 READONLY, 10 IOERR, 26 NOTADB: the file, not the data, is the problem.
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw UnusablePath(ex.Message.TrimEnd('.'));
        }
    }

    private OptionsValidationException UnusablePath(string reason) => new(
        Options.DefaultName,
        typeof(StoreOptions),
        [$"{StoreOptions.SectionName}:{nameof(StoreOptions.Path)} is '{options.Value.Path}', which cannot hold the SQLite database ({reason}); expected a file in a folder this user may write, such as data/prodstock.db."]);

    private static async Task SeedAsync(SqliteConnection connection, SqliteTransaction transaction, int productCount, CancellationToken cancellationToken)
    {
        await using (var product = connection.CreateCommand())
        await using (var stock = connection.CreateCommand())
        {
            product.Transaction = transaction;
            product.CommandText = "INSERT INTO products (prod_id, prod_name, prod_price) VALUES ($id, $name, $price);";
            var id = product.Parameters.Add("$id", SqliteType.Integer);
            var name = product.Parameters.Add("$name", SqliteType.Text);
            var price = product.Parameters.Add("$price", SqliteType.Real);

            stock.Transaction = transaction;
            stock.CommandText = "INSERT INTO product_stocks (prod_id, area, quantity) VALUES ($id, $area, $quantity);";
            var stockId = stock.Parameters.Add("$id", SqliteType.Integer);
            var area = stock.Parameters.Add("$area", SqliteType.Integer);
            var quantity = stock.Parameters.Add("$quantity", SqliteType.Integer);

            foreach (var item in DemoDataSet.Products(productCount))
            {
                id.Value = item.ProdId;
                name.Value = item.Name;
                price.Value = (double)item.Price;
                await product.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                foreach (var (prodArea, count) in item.Stock)
                {
                    stockId.Value = item.ProdId;
                    area.Value = (int)prodArea;
                    quantity.Value = count;
                    await stock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await using (var score = connection.CreateCommand())
        {
            score.Transaction = transaction;
            score.CommandText = "INSERT INTO user_scores (user_id, user_score) VALUES ($id, $score);";
            var id = score.Parameters.Add("$id", SqliteType.Integer);
            var value = score.Parameters.Add("$score", SqliteType.Integer);
            foreach (var user in DemoDataSet.UserScores())
            {
                id.Value = user.UserId;
                value.Value = user.Score;
                await score.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} to {DatabasePath}")]
    private partial void LogMigrated(int version, string databasePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the demo data set ({ProductCount} products, {UserCount} user scores) into the empty store {DatabasePath}")]
    private partial void LogSeeded(int productCount, int userCount, string databasePath);
}
