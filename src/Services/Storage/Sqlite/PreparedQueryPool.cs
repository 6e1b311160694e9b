using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// Open connections, each with one statement prepared once, lent to one reader at a time: a hot read costs setting its
/// parameters and stepping the statement, without opening a connection, creating a command or compiling SQL. Reads
/// see every committed write (each execution starts a fresh WAL read), so nothing here needs invalidating.
/// </summary>
internal sealed class PreparedQueryPool(SqliteConnectionFactory connections, string sql, params (string Name, SqliteType Type)[] parameters) : IDisposable
{
    /// <summary>Idle queries kept beyond this are closed when returned.</summary>
    private const int MaxIdle = 32;

    private readonly ConcurrentQueue<PreparedQuery> _idle = new();
    private bool _disposed;

    public PreparedQuery Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryDequeue(out var query) ? query : Create();
    }

    public void Return(PreparedQuery query)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            query.Dispose();
            return;
        }

        _idle.Enqueue(query);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var query))
        {
            query.Dispose();
        }
    }

    private PreparedQuery Create()
    {
        var connection = new SqliteConnection(connections.ConnectionString);
        try
        {
            connection.Open();
            var command = connection.CreateCommand();
            command.CommandText = sql;
            var bound = parameters.Select(p => command.Parameters.Add(p.Name, p.Type)).ToArray();
            command.Prepare();
            return new PreparedQuery(connection, command, bound);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

/// <summary>A prepared statement on its own open connection.</summary>
internal sealed class PreparedQuery(SqliteConnection connection, SqliteCommand command, SqliteParameter[] parameters) : IDisposable
{
    public SqliteCommand Command { get; } = command;

    public SqliteParameter[] Parameters { get; } = parameters;

    public void Dispose()
    {
        Command.Dispose();
        connection.Dispose();
    }
}
