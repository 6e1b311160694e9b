using System.Text;
using Npgsql;

namespace ProdStock.Testing.Postgres;

/// <summary>An empty database of a <see cref="PostgresServer"/>, for one test or one store; disposing it drops it.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>PostgreSQL truncates identifiers beyond 63 bytes; the prefix gives way to the unique part.</summary>
    private const int MaxPrefixLength = 63 - 1 - UniqueLength;

    private const int UniqueLength = 12;

    private readonly PostgresServer _server;
    private int _disposed;

    internal PostgresDatabase(PostgresServer server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database's name: the prefix, '_' and 12 hex digits; lower case, a valid identifier without quotes.</summary>
    public string Name { get; }

    /// <summary>A connection string for the user <c>postgres</c> to this database, with Npgsql's defaults (pooled).</summary>
    public string ConnectionString { get; }

    /// <summary>Drops the database, ending any session still connected to it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Idle pooled connections would otherwise be broken by the drop and handed out later to whoever reuses the string.
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await _server.DropDatabaseAsync(Name);
    }

    /// <summary>A unique, lower-case name that needs no quoting: the cleaned prefix, '_' and 12 hex digits of a new GUID.</summary>
    internal static string NewName(string? namePrefix)
    {
        var prefix = new StringBuilder();
        foreach (var c in (namePrefix ?? "test").ToLowerInvariant())
        {
            prefix.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_' ? c : '_');
        }

        if (prefix.Length == 0 || char.IsAsciiDigit(prefix[0]))
        {
            prefix.Insert(0, "db_");
        }

        var start = prefix.ToString();
        return $"{start[..Math.Min(start.Length, MaxPrefixLength)]}_{Guid.NewGuid().ToString("N")[..UniqueLength]}";
    }
}
