using System.Net.Sockets;
using Npgsql;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>Tells a database that cannot be reached from a database that refused a statement.</summary>
internal static class PostgresFailures
{
    /// <summary>
    /// Whether <paramref name="exception"/> means the database is unreachable, restarting or lost the connection
    /// (Npgsql marks these transient), rather than a fault in a statement.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: IOException or SocketException or TimeoutException } => true,
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>The exception a store call throws for an unreachable database.</summary>
    public static StoreUnavailableException Unavailable(Exception exception) =>
        new($"The PostgreSQL database is unavailable: {exception.Message}", exception);
}
