using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>Opens pooled connections to the configured SQLite file, each with the pragmas every command relies on.</summary>
internal sealed class SqliteConnectionFactory
{
    // synchronous=FULL: a committed transaction survives power loss, so an acknowledged order is durable.
    private const string ConnectionPragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

    public SqliteConnectionFactory(IOptions<StoreOptions> options)
    {
        var path = options.Value.Path;
        DatabasePath = path;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public string ConnectionString { get; }

    /// <summary>A pooled connection for reads: no per-open statements, so a read costs one query.</summary>
    public async ValueTask<SqliteConnection> OpenForReadAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A pooled connection for writes, with the durability and integrity pragmas set.</summary>
    public async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = ConnectionPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
