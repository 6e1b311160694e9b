using System.Globalization;
using Npgsql;
using ProdStock.Testing.Postgres;

namespace ProdStock.Bench;

/// <summary>
/// The PostgreSQL cluster of <c>--compare postgres</c>: the tests' throwaway server (initdb in a temp folder, 127.0.0.1
/// on a free port, trust authentication) started durable — <c>fsync=on</c>, <c>synchronous_commit=on</c> — so its
/// orders/s compare with SQLite's durable figure. Pinned with the servers (the postmaster and the processes it has
/// forked; backends forked later inherit its mask), so the load generator keeps its CPU as in the other modes. Its CPU
/// time is that of the postmaster and its children, living and ended, from <c>/proc</c>.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private PostgresCluster(PostgresServer server, int postmaster, string description) =>
        (_server, Postmaster, Description) = (server, postmaster, description);

    public int Postmaster { get; }

    /// <summary>Version and the settings that decide commit cost, e.g. "PostgreSQL 15.10, fsync=on, synchronous_commit=on, …".</summary>
    public string Description { get; }

    public static async Task<PostgresCluster> StartAsync(Affinity affinity, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.StartAsync(durable: true).WaitAsync(PostgresServer.StartTimeout, cancellationToken);
        try
        {
            var unpooled = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false }.ConnectionString;
            await using var connection = new NpgsqlConnection(unpooled);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                """
                SELECT pg_backend_pid(), current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'),
                       current_setting('wal_sync_method'), current_setting('full_page_writes'), current_setting('shared_buffers'), current_setting('max_connections'),
                       current_setting('data_directory');
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var postmaster = ParentOf(reader.GetInt32(0));
            var description = string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL {reader.GetString(1)}: fsync={reader.GetString(2)}, synchronous_commit={reader.GetString(3)}, wal_sync_method={reader.GetString(4)}, full_page_writes={reader.GetString(5)}, shared_buffers={reader.GetString(6)}, max_connections={reader.GetString(7)}; data in {reader.GetString(8)}");
            foreach (var pid in Children(postmaster).Prepend(postmaster))
            {
                affinity.PinToServers(pid);
            }

            return new PostgresCluster(server, postmaster, description);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The connection string of a new empty database (it goes with the cluster).</summary>
    public async Task<string> CreateDatabaseAsync(string prefix) => (await _server.CreateDatabaseAsync(prefix)).ConnectionString;

    /// <summary>User + system CPU time of the postmaster and every process it forked (ended ones count in its cutime/cstime).</summary>
    public TimeSpan CpuTime()
    {
        long ticks = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } fields)
            {
                // Fields after the command: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
                if (pid == Postmaster)
                {
                    ticks += Field(fields, 11) + Field(fields, 12) + Field(fields, 13) + Field(fields, 14);
                }
                else if (Field(fields, 1) == Postmaster)
                {
                    ticks += Field(fields, 11) + Field(fields, 12);
                }
            }
        }

        return TimeSpan.FromSeconds(ticks / (double)ServerProcess.ClockTicksPerSecond);
    }

    /// <summary>Stops the cluster at once (immediate shutdown) and deletes its folder, databases and all.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static int ParentOf(int pid) =>
        Stat(pid) is { } fields ? (int)Field(fields, 1) : throw new InvalidOperationException($"PostgreSQL backend {pid} is not in /proc");

    private static IEnumerable<int> Children(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Stat(pid) is { } fields && Field(fields, 1) == parent)
            .ToList();

    /// <summary>The fields of <c>/proc/PID/stat</c> after the command name (state first), or null for a process gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Field(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
