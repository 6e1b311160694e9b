using System.Globalization;
using System.Text;
using ProdStock.Contracts;

namespace ProdStock.Bench;

/// <summary>One server's orders at one concurrency: the medians of its rounds, with PostgreSQL's CPU time beside the host's.</summary>
internal sealed record OrdersCell(ServerSummary Summary, double? DatabaseCpuMicrosecondsPerCall, double? DatabaseCpuUtilization)
{
    public static OrdersCell Of(string target, IReadOnlyList<RunResult> runs)
    {
        var mine = runs.Where(run => run.Server == target).ToList();
        var summary = ServerSummary.Of(target, mine);
        double? Median(Func<RunResult, double?> value) => mine.All(run => value(run) is null) ? null : ServerSummary.Median(mine.Select(run => value(run) ?? double.NaN));
        return new OrdersCell(summary, summary.Errors == 0 ? Median(run => run.DatabaseCpuMicrosecondsPerCall) : null, Median(run => run.DatabaseCpuUtilization));
    }
}

/// <summary>A row of the orders table: SQLite (S), PostgreSQL with one host (A) and with two hosts on one database (C).</summary>
internal sealed record OrdersRow(int Callers, OrdersCell Sqlite, OrdersCell OneHost, OrdersCell TwoHosts);

/// <summary>Everything <c>--compare postgres</c> measured, with machine, date, commit and every run.</summary>
internal sealed record PostgresReport(
    DateTimeOffset StartedUtc,
    DateTimeOffset FinishedUtc,
    double ElapsedSeconds,
    MachineInfo Machine,
    string LoadAverageBefore,
    string LoadAverageAfter,
    BenchSettings Settings,
    string Pinning,
    string Database,
    IReadOnlyList<ServerInfo> Servers,
    IReadOnlyDictionary<string, int> ReadModelLoads,
    IReadOnlyList<ScenarioSummary> Reads,
    IReadOnlyList<OrdersRow> Orders,
    IReadOnlyList<LagSummary> Lag,
    RunResult? LagLoad,
    IReadOnlyList<PreheatResult> Preheats,
    IReadOnlyList<RunResult> Runs,
    IReadOnlyList<LagSample> LagSamples,
    string Command);

/// <summary>
/// <c>--compare postgres</c> (issue 20): the host on PostgreSQL, in a durable cluster the benchmark starts itself.
/// A = the host on PostgreSQL (a database of its own), B = the same host on the memory engine, S = on SQLite, and
/// C = two hosts, C1 and C2, sharing another database. (1) Reads, A against B, in alternating rounds as
/// <c>--compare store</c>; (2) orders at each concurrency on S, A and C in rotating rounds (on C each caller alternates
/// between the hosts); (3) how soon C2 shows an order C1 committed, and the other way round, idle and under orders.
/// </summary>
internal static class PostgresMode
{
    /// <summary>The concurrent orders of the issue, unless <c>--callers</c> says otherwise.</summary>
    private static readonly int[] OrderCallers = [1, 8, 64];

    /// <summary>Concurrent orders on C (split across C1 and C2) while the second half of the lag samples is taken.</summary>
    private const int LagLoadCallers = 8;

    public static async Task RunAsync(Session session)
    {
        var (settings, abort) = (session.Settings, session.Abort);
        var reads = settings.Scenarios.Where(name => name != "orders").Select(Scenario.For).SelectMany(scenario =>
        {
            var (channels, callers) = scenario.Defaults(compareStore: true);
            return (settings.Callers.Count > 0 ? settings.Callers : [callers]).Select(count => new Case(scenario, settings.Channels ?? channels, count, true));
        }).ToList();
        List<Case> orders = settings.Scenarios.Contains("orders")
            ? [.. (settings.Callers.Count > 0 ? settings.Callers : OrderCallers).Select(count => new Case(Scenario.For("orders"), settings.Channels ?? 1, count, true))]
            : [];
        var runs = (reads.Count * 2) + (orders.Count * 3);
        var lagSeconds = settings.LagSamples > 0 ? 15 : 0;
        var warmups = (reads.Count > 0 ? 2 : 0) + (orders.Count > 0 ? 3 : 0);
        var minutes = ((runs * settings.Rounds * (settings.Warmup + settings.Duration + TimeSpan.FromSeconds(1.5))) + (runs * settings.ScenarioWarmup) + (warmups * settings.Preheat)).TotalMinutes + ((30 + lagSeconds) / 60.0);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"--compare postgres: reads {string.Join(", ", reads)} on A (PostgreSQL) and B (memory); orders {string.Join(", ", orders)} on S (SQLite), A and C (two hosts, one database); " +
            $"{settings.LagSamples} cross-host lag samples; {settings.Rounds} round(s) of {settings.Warmup.TotalSeconds:0.#} + {settings.Duration.TotalSeconds:0.#} s; {settings.Products:#,0} demo products; about {minutes:0.0} min"));

        var cluster = await PostgresCluster.StartAsync(session.Affinity, abort);
        session.DisposeAfterServers(cluster);
        Console.Error.WriteLine($"database: {cluster.Description}; postmaster pid {cluster.Postmaster}");
        var (alone, shared) = (await cluster.CreateDatabaseAsync("bench_one"), await cluster.CreateDatabaseAsync("bench_two"));
        var pair = orders.Count > 0 || settings.LagSamples > 0;
        var a = session.Start("A", contractFirst: false, "postgres", rest: true, alone, "its own database");
        var b = session.Start("B", contractFirst: false, "memory", rest: true);
        var s = orders.Count > 0 ? session.Start("S", contractFirst: false, "sqlite", rest: false) : null;
        var c1 = pair ? session.Start("C1", contractFirst: false, "postgres", rest: false, shared, "a database shared with C2") : null;
        var c2 = pair ? session.Start("C2", contractFirst: false, "postgres", rest: false, shared, "a database shared with C1") : null;
        var servers = new[] { a, b, s, c1, c2 }.OfType<ServerProcess>().ToList();
        await Task.WhenAll(servers.Select(server => server.WaitUntilReadyAsync(session.ReadyTimeout, abort)));
        var stocks = new List<int>();
        foreach (var server in servers)
        {
            stocks.Add((await session.AskAsync(server, 1, ProdAreas.B)).ProdStock);
            Console.Error.WriteLine($"{server.Label} = {server.Description}: pid {server.Pid}, ready after {server.StartupTime.TotalSeconds:0.0} s; {server.ReadModelLoaded}");
        }

        if (stocks.Distinct().Count() != 1)
        {
            throw new InvalidOperationException($"the servers disagree on product 1 in area B: {string.Join(", ", servers.Zip(stocks, (server, stock) => $"{server.Label} {stock}"))}");
        }

        var loadBefore = MachineInfo.LoadAverage();
        var targetA = Target.Of(a, cluster);
        var targetB = Target.Of(b);
        var targetS = s is null ? null : Target.Of(s);
        var targetC = pair ? new Target("C", [c1!, c2!], cluster) : null;

        // Each phase warms its own targets up with its own cases: the orders of a preheat at once with the reads would
        // starve the reads on the servers' CPU, leaving their code cold.
        var preheats = new List<PreheatResult>();
        var results = new List<RunResult>();
        if (reads.Count > 0)
        {
            preheats.Add(await CompareMode.PreheatAsync(session, targetA, reads));
            preheats.Add(await CompareMode.PreheatAsync(session, targetB, reads));
            results.AddRange(await CompareMode.RunRoundsAsync(session, reads, _ => [targetA, targetB]));
        }

        if (orders.Count > 0)
        {
            preheats.Add(await CompareMode.PreheatAsync(session, targetS!, orders));
            preheats.Add(await CompareMode.PreheatAsync(session, targetA, orders));
            preheats.Add(await CompareMode.PreheatAsync(session, targetC!, orders));
            results.AddRange(await CompareMode.RunRoundsAsync(session, orders, _ => [targetS!, targetA, targetC!]));
        }

        (List<LagSample> Samples, List<LagSummary> Summaries, RunResult? Load) lag = targetC is null || settings.LagSamples == 0 ? ([], [], null) : await MeasureLagAsync(session, targetC);

        var report = new PostgresReport(
            session.Started, DateTimeOffset.UtcNow, session.Clock.Elapsed.TotalSeconds, session.Machine, loadBefore, MachineInfo.LoadAverage(), settings, session.Affinity.Reason,
            cluster.Description,
            [.. await Task.WhenAll(servers.Select(server => ServerInfo.OfAsync(server, abort)))],
            servers.ToDictionary(server => server.Label, server => server.ReadModelLoads),
            BenchReport.Summarize(results, reads),
            [.. orders.Select(c => c.Callers).Select(callers => new OrdersRow(
                callers,
                OrdersCell.Of("S", [.. results.Where(r => r.Scenario == "orders" && r.CallersPerChannel == callers)]),
                OrdersCell.Of("A", [.. results.Where(r => r.Scenario == "orders" && r.CallersPerChannel == callers)]),
                OrdersCell.Of("C", [.. results.Where(r => r.Scenario == "orders" && r.CallersPerChannel == callers)])))],
            lag.Summaries, lag.Load, preheats, results, lag.Samples,
            "dotnet run -c Release --project bench/ProdStock.Bench -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        var markdown = Write(report);
        Console.WriteLine();
        Console.WriteLine(markdown);
        await session.SaveAsync(settings.Compare, report, markdown);
    }

    /// <summary>Half the samples on idle hosts, half while <see cref="LagLoadCallers"/> concurrent orders run on C.</summary>
    private static async Task<(List<LagSample>, List<LagSummary>, RunResult?)> MeasureLagAsync(Session session, Target pair)
    {
        var (settings, abort) = (session.Settings, session.Abort);
        session.Affinity.PinSelf();
        var (idleTrips, loadTrips) = (new List<double>(), new List<double>());
        var idle = await CrossHostLag.SampleAsync(pair, settings, session.Certificates, settings.LagSamples / 2, underLoad: false, () => false, idleTrips, abort);
        Console.Error.WriteLine($"cross-host lag, idle: {Describe(LagSummary.Of("idle", idle, idleTrips))}");

        // The load runs longer than the samples should take; sampling stops early if it ends first.
        var loadSettings = settings with { Warmup = TimeSpan.FromSeconds(1), Duration = settings.Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(6) };
        var load = LoadRun.RunAsync(Scenario.For("orders"), pair, loadSettings, 1, LagLoadCallers, 0, 0, session.Certificates, abort);
        await Task.Delay(loadSettings.Warmup, abort);
        var busy = await CrossHostLag.SampleAsync(pair, settings, session.Certificates, settings.LagSamples - idle.Count, underLoad: true, () => load.IsCompleted, loadTrips, abort);
        var loadResult = await load;
        var underLoad = string.Create(CultureInfo.InvariantCulture, $"under load ({LagLoadCallers} concurrent orders on C1 + C2, {loadResult.CallsPerSecond:#,0} orders/s)");
        Console.Error.WriteLine($"cross-host lag, {underLoad}: {Describe(LagSummary.Of(underLoad, busy, loadTrips))}");
        List<LagSummary> summaries =
        [
            LagSummary.Of("idle", idle, idleTrips),
            LagSummary.Of(underLoad, busy, loadTrips),
            LagSummary.Of("all", [.. idle, .. busy], [.. idleTrips, .. loadTrips]),
        ];
        return ([.. idle, .. busy], summaries, loadResult);
    }

    private static string Describe(LagSummary l) => string.Create(CultureInfo.InvariantCulture,
        $"{l.Samples} samples, p50 {l.P50Ms:0.00} / p90 {l.P90Ms:0.00} / p99 {l.P99Ms:0.00} / max {l.MaxMs:0.00} ms; {l.SeenAtFirstRead} seen at the first read; {l.NotSeen} not seen within {CrossHostLag.GiveUpAfter.TotalSeconds:0} s; first read round trip p50 {l.ReadRoundTripP50Ms:0.00} ms");

    private static string Write(PostgresReport r)
    {
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        var settings = r.Settings;
        md.AppendLine("### ProdStock benchmark, --compare postgres: the host on PostgreSQL against the memory engine and SQLite");
        md.AppendLine();
        md.AppendLine(MarkdownReport.Header(r.StartedUtc, r.Machine, r.Pinning) + (r.Pinning.StartsWith("not pinned", StringComparison.Ordinal) ? "" : "; PostgreSQL with the servers"));
        md.AppendLine(ci, $"- **Database**: {r.Database} (a cluster of the benchmark's own on 127.0.0.1)");
        foreach (var server in r.Servers)
        {
            md.AppendLine(ci, $"- **{server.Label}** = {server.Description}: {server.GcMode}; ready after {server.StartupSeconds:0.0} s; read model loaded {r.ReadModelLoads.GetValueOrDefault(server.Label)} time(s) in the run");
        }

        md.AppendLine(ci, $"- **Settings**: {settings.Warmup.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s window per run, {settings.Rounds} round(s) (medians shown; the targets rotate which goes first), {settings.ScenarioWarmup.TotalSeconds:0.#} s of each case on each target before its rounds; before the reads and before the orders, each of their targets warmed up {settings.Preheat.TotalSeconds:0} s with all of the phase's cases at once; {settings.Products:#,0} demo products; mutual TLS, HTTP/2");
        md.AppendLine(ci, $"- **Load average** before: {r.LoadAverageBefore}, after: {r.LoadAverageAfter}; {r.ElapsedSeconds / 60:0.0} min");
        md.AppendLine();

        if (r.Reads.Count > 0)
        {
            md.AppendLine("Reads, A = PostgreSQL against B = memory (both answer from the read model):");
            md.AppendLine();
            md.AppendLine("| scenario | conn × callers | A calls/s | B calls/s | A/B | A / B CPU µs/call | A / B p50 / p99 ms | server CPU busy A / B |");
            md.AppendLine("|---|---|---:|---:|---:|---|---|---|");
            foreach (var x in r.Reads)
            {
                md.AppendLine(ci, $"| {x.Scenario} | {x.Channels} × {x.CallersPerChannel} | {Throughput(x.A)} | {Throughput(x.B)} | {Number(x.ThroughputRatio, "0.00")} | " +
                    $"{Number(x.A.CpuMicrosecondsPerCall, "0.0")} / {Number(x.B?.CpuMicrosecondsPerCall, "0.0")} | {x.A.P50Ms:0.00} / {x.A.P99Ms:0.00} — {x.B?.P50Ms:0.00} / {x.B?.P99Ms:0.00} | {x.A.ServerCpuUtilization:P0} / {Number(x.B?.ServerCpuUtilization, "P0")} |");
            }

            var missed = r.Reads.Where(x => !(x.ThroughputRatio >= 0.9)).Select(x => string.Create(ci, $"{x.Scenario} {Number(x.ThroughputRatio, "0.00")}")).ToList();
            md.AppendLine();
            md.AppendLine("Target A/B calls/s ≥ 0.90: " + (missed.Count == 0 ? "met." : "missed: " + string.Join(", ", missed) + "."));
            md.AppendLine();
        }

        if (r.Orders.Count > 0)
        {
            md.AppendLine("Orders (`NewOrder`, one line of 1 unit, each answered once durable): orders/s (p99 ms); C's callers alternate between C1 and C2:");
            md.AppendLine();
            md.AppendLine("| concurrent orders | S: SQLite | A: PostgreSQL, one host | C: PostgreSQL, two hosts | A/S | C/A | host CPU µs/order S / A / C | PostgreSQL CPU µs/order A / C | CPU busy, hosts + PostgreSQL, S / A / C |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---|---|---|");
            foreach (var x in r.Orders)
            {
                md.AppendLine(ci, $"| {x.Callers} | {Orders(x.Sqlite)} | {Orders(x.OneHost)} | {Orders(x.TwoHosts)} | " +
                    $"{Number(Ratio(x.OneHost.Summary.CallsPerSecond, x.Sqlite.Summary.CallsPerSecond), "0.00")} | {Number(Ratio(x.TwoHosts.Summary.CallsPerSecond, x.OneHost.Summary.CallsPerSecond), "0.00")} | " +
                    $"{Number(x.Sqlite.Summary.CpuMicrosecondsPerCall, "0")} / {Number(x.OneHost.Summary.CpuMicrosecondsPerCall, "0")} / {Number(x.TwoHosts.Summary.CpuMicrosecondsPerCall, "0")} | " +
                    $"{Number(x.OneHost.DatabaseCpuMicrosecondsPerCall, "0")} / {Number(x.TwoHosts.DatabaseCpuMicrosecondsPerCall, "0")} | " +
                    $"{Busy(x.Sqlite)} / {Busy(x.OneHost)} / {Busy(x.TwoHosts)} |");
            }

            md.AppendLine();
        }

        if (r.Lag.Count > 0)
        {
            md.AppendLine(ci, $"Cross-host lag: an order through C1 (C2), then C2's (C1's) `GetProdStock` back to back until it shows the new level; from the writer's OK to that answer, in ms:");
            md.AppendLine();
            md.AppendLine("| when | samples | p50 | p90 | p99 | max | seen at the first read | not seen in 5 s | first read's round trip p50 |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var l in r.Lag)
            {
                md.AppendLine(ci, $"| {l.When} | {l.Samples} | {l.P50Ms:0.00} | {l.P90Ms:0.00} | {l.P99Ms:0.00} | {l.MaxMs:0.00} | {l.SeenAtFirstRead} | {l.NotSeen} | {l.ReadRoundTripP50Ms:0.00} |");
            }

            md.AppendLine();
        }

        var errors = r.Runs.Where(run => run.Errors > 0).Select(run => $"{run.Scenario} {run.Channels}×{run.CallersPerChannel} {run.Server} round {run.Round}: {run.Errors} ({string.Join(", ", run.ErrorsByStatus.Select(e => $"{e.Key} {e.Value}"))})").ToList();
        if (errors.Count > 0)
        {
            md.AppendLine("**Errors** (no throughput is reported where a call failed): " + string.Join("; ", errors));
        }

        return md.ToString();

        string Orders(OrdersCell cell) => cell.Summary.Errors > 0 ? $"errors: {cell.Summary.Errors}" : string.Create(ci, $"{Number(cell.Summary.CallsPerSecond, "#,0")} ({cell.Summary.P99Ms:0.0})");

        string Busy(OrdersCell cell) => Number(cell.Summary.ServerCpuUtilization + (cell.DatabaseCpuUtilization ?? 0), "P0");
    }

    private static double? Ratio(double? x, double? y) => x is { } a && y is { } b && b > 0 ? a / b : null;

    private static string Throughput(ServerSummary? s) =>
        s is null ? "—" : s.Errors > 0 ? $"errors: {s.Errors}" : Number(s.CallsPerSecond, "#,0");

    private static string Number(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
