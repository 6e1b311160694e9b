namespace ProdStock.Bench;

/// <summary>
/// What a run calls: one server, or several hosts sharing one PostgreSQL database (<c>--compare postgres</c>'s C = C1 +
/// C2). Every caller alternates between the hosts call by call, so even one caller splits its calls evenly. Its CPU
/// time and allocations are the sum over its servers; <paramref name="Database"/>, when set, is the database cluster
/// the servers write to, whose CPU time is measured beside theirs.
/// </summary>
internal sealed record Target(string Label, IReadOnlyList<ServerProcess> Servers, PostgresCluster? Database = null)
{
    public static Target Of(ServerProcess server, PostgresCluster? database = null) => new(server.Label, [server], database);

    /// <summary>The key of the store the servers share: orders hand out its demo stock (see <see cref="DemoStock"/>).</summary>
    public ServerProcess Store => Servers[0];

    public bool HasExited => Servers.Any(server => server.HasExited);

    public string RecentOutput() => string.Join(Environment.NewLine, Servers.Select(server => $"{server.Label}:{Environment.NewLine}{server.RecentOutput()}"));

    /// <summary>A snapshot of every server (at about the same moment) summed into one, and the database's CPU time.</summary>
    public async Task<ServerSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var database = Database?.CpuTime();
        var snapshots = await Task.WhenAll(Servers.Select(server => server.SnapshotAsync(cancellationToken))).ConfigureAwait(false);
        if (snapshots.Length == 1)
        {
            return snapshots[0] with { DatabaseCpuTime = database };
        }

        var stats = snapshots.Select(s => s.Stats).ToList();
        return new ServerSnapshot(
            (long)snapshots.Average(s => (double)s.Timestamp),
            TimeSpan.FromTicks(snapshots.Sum(s => s.CpuTime.Ticks)),
            stats[0] with
            {
                AllocatedBytes = stats.Sum(s => s.AllocatedBytes),
                Gen0 = stats.Sum(s => s.Gen0),
                Gen1 = stats.Sum(s => s.Gen1),
                Gen2 = stats.Sum(s => s.Gen2),
                PauseMs = stats.Sum(s => s.PauseMs),
                JitMethods = stats.Sum(s => s.JitMethods),
                JitMs = stats.Sum(s => s.JitMs),
                HeapBytes = stats.Sum(s => s.HeapBytes),
                Threads = stats.Sum(s => s.Threads),
            },
            database);
    }
}
