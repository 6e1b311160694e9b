using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProdStock.Bench;

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>The medians over the rounds of one server in one case.</summary>
internal sealed record ServerSummary(
    string Server,
    int Runs,
    long Errors,
    IReadOnlyDictionary<string, int> ErrorsByStatus,
    double? CallsPerSecond,
    double? CallsPerSecondSpread,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double? CpuMicrosecondsPerCall,
    double? BytesPerCall,
    double ServerCpuUtilization,
    double LoadGeneratorCpuUtilization)
{
    public static ServerSummary Of(string server, IReadOnlyList<RunResult> runs)
    {
        var errorCount = runs.Sum(run => run.Errors);
        double? OkMedian(Func<RunResult, double?> value) => errorCount == 0 ? Median(runs.Select(run => value(run) ?? double.NaN)) : null;
        var throughput = OkMedian(run => run.CallsPerSecond);
        return new ServerSummary(
            server,
            runs.Count,
            errorCount,
            LoadRun.Sum(runs.SelectMany(run => run.ErrorsByStatus)),
            throughput,
            throughput is > 0 && runs.Count > 1 ? (runs.Max(run => run.CallsPerSecond ?? 0) - runs.Min(run => run.CallsPerSecond ?? 0)) / 2 / throughput : null,
            Median(runs.Select(run => run.P50Ms)),
            Median(runs.Select(run => run.P99Ms)),
            Median(runs.Select(run => run.P999Ms)),
            OkMedian(run => run.ServerCpuMicrosecondsPerCall),
            OkMedian(run => run.ServerBytesPerCall),
            Median(runs.Select(run => run.ServerCpuUtilization)),
            Median(runs.Select(run => run.LoadGeneratorCpuUtilization)));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>One row: A and B side by side, and the ratios A/B (or, for REST without B, A's REST over A's gRPC unary).</summary>
internal sealed record ScenarioSummary(
    string Scenario,
    string Description,
    int Channels,
    int CallersPerChannel,
    ServerSummary A,
    ServerSummary? B,
    string RatioBasis,
    double? ThroughputRatio,
    double? CpuPerCallRatio,
    double? BytesPerCallRatio);

internal sealed record ServerInfo(string Label, string Description, string CommandLine, string GcMode, int ProcessorCount, string Runtime, string? StoreEngine, string? ReadModelLoaded, double StartupSeconds)
{
    public static async Task<ServerInfo> OfAsync(ServerProcess server, CancellationToken cancellationToken)
    {
        var stats = (await server.SnapshotAsync(cancellationToken)).Stats;
        return new(server.Label, server.Description, server.CommandLine, stats.GcMode, stats.ProcessorCount, stats.Runtime, server.StoreEngine, server.ReadModelLoaded, server.StartupTime.TotalSeconds);
    }
}

/// <summary>How one server was warmed up before the first run (errors are reported; nothing of it is measured).</summary>
internal sealed record PreheatResult(string Server, double Seconds, long JitMethods, long Calls, IReadOnlyDictionary<string, int> Errors);

/// <summary>Everything a result carries: machine, date, commit, settings, servers, summaries and every run.</summary>
internal sealed record BenchReport(
    DateTimeOffset StartedUtc,
    DateTimeOffset FinishedUtc,
    double ElapsedSeconds,
    MachineInfo Machine,
    string LoadAverageBefore,
    string LoadAverageAfter,
    BenchSettings Settings,
    string Pinning,
    IReadOnlyList<ServerInfo> Servers,
    IReadOnlyList<ScenarioSummary> Summaries,
    IReadOnlyList<PreheatResult> Preheats,
    IReadOnlyList<RunResult> Runs,
    string Command)
{
    public static IReadOnlyList<ScenarioSummary> Summarize(IReadOnlyList<RunResult> runs, IEnumerable<Case> cases)
    {
        var summaries = new List<ScenarioSummary>();
        foreach (var (scenario, channels, callers, onB) in cases)
        {
            var mine = runs.Where(run => run.Scenario == scenario.Name && run.Channels == channels && run.CallersPerChannel == callers).ToList();
            var a = ServerSummary.Of("A", [.. mine.Where(run => run.Server == "A")]);
            var b = onB ? ServerSummary.Of("B", [.. mine.Where(run => run.Server == "B")]) : null;
            var unaryA = b is null && scenario.Name == "rest" ? summaries.FirstOrDefault(s => s.Scenario == "unary" && s.Channels == channels && s.CallersPerChannel == callers)?.A : null;
            var basis = b ?? unaryA;
            summaries.Add(new ScenarioSummary(
                scenario.Name, scenario.Description, channels, callers, a, b,
                b is not null ? "A/B" : unaryA is not null ? "REST/gRPC unary, both on A" : "A only",
                Ratio(a.CallsPerSecond, basis?.CallsPerSecond),
                Ratio(a.CpuMicrosecondsPerCall, basis?.CpuMicrosecondsPerCall),
                Ratio(a.BytesPerCall, basis?.BytesPerCall)));
        }

        return summaries;
    }

    private static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 && !double.IsNaN(x) && !double.IsNaN(y) ? x / y : null;
}

/// <summary>The Markdown printed at the end (and saved next to the JSON).</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static string Write(BenchReport report)
    {
        var md = new StringBuilder();
        var settings = report.Settings;
        md.AppendLine(Ci, $"### ProdStock benchmark, --compare {settings.Compare}: A = {report.Servers[0].Description}; B = {report.Servers[1].Description}");
        md.AppendLine();
        md.AppendLine(Header(report.StartedUtc, report.Machine, report.Pinning));
        md.AppendLine(Ci, $"- **Settings**: {settings.Warmup.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s window per run, {settings.Rounds} round(s) (A and B alternating which goes first; medians shown), {settings.ScenarioWarmup.TotalSeconds:0.#} s of each scenario on each server before its rounds; {settings.Products:#,0} demo products; {settings.StreamBatchSize} users per server-stream message; mutual TLS on 127.0.0.1, HTTP/2");
        foreach (var server in report.Servers)
        {
            md.AppendLine(Ci, $"- **{server.Label}** = {server.Description}: {server.GcMode}, {server.ProcessorCount} CPU(s) seen by the runtime; ready after {server.StartupSeconds:0.0} s; {server.ReadModelLoaded ?? "no read model line"}");
        }

        md.AppendLine("- **Warm-up** (all scenarios at once): " + string.Join("; ", report.Preheats.Select(p => string.Create(Ci, $"{p.Server} {p.Seconds:0} s, {p.JitMethods:#,0} methods compiled"))) +
            string.Create(Ci, $". Methods compiled inside the windows: A {report.Runs.Where(r => r.Server == "A").Sum(r => r.ServerJitMethods):#,0}, B {report.Runs.Where(r => r.Server == "B").Sum(r => r.ServerJitMethods):#,0}"));
        if (settings.ServerEnvironment.Count > 0)
        {
            md.AppendLine(Ci, $"- **Extra server environment**: {string.Join(", ", settings.ServerEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        }

        md.AppendLine(Ci, $"- **Load generator**: {report.Machine.LoadGeneratorGc} GC; ClientSdk, retries and client-side validation off. **Load average** before: {report.LoadAverageBefore}, after: {report.LoadAverageAfter}; {report.ElapsedSeconds / 60:0.0} min");
        md.AppendLine();
        md.AppendLine("| scenario | one call is | conn × callers | A calls/s | B calls/s | A/B | A p50 / p99 / p99.9 ms | B p50 / p99 / p99.9 ms |");
        md.AppendLine("|---|---|---|---:|---:|---:|---|---|");
        foreach (var s in report.Summaries)
        {
            md.AppendLine(Ci, $"| {s.Scenario} | {s.Description} | {s.Channels} × {s.CallersPerChannel} | {Throughput(s.A)} | {Throughput(s.B)} | {Ratio(s, s.ThroughputRatio)} | {Latency(s.A)} | {Latency(s.B)} |");
        }

        md.AppendLine();
        md.AppendLine("| scenario | conn × callers | A CPU µs/call | B CPU µs/call | A/B | A bytes/call | B bytes/call | A/B | server CPU busy A / B | load gen CPU A / B |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var s in report.Summaries)
        {
            md.AppendLine(Ci,
                $"| {s.Scenario} | {s.Channels} × {s.CallersPerChannel} | {Number(s.A.CpuMicrosecondsPerCall, "0.0")} | {Number(s.B?.CpuMicrosecondsPerCall, "0.0")} | {Ratio(s, s.CpuPerCallRatio)} | " +
                $"{Number(s.A.BytesPerCall, "#,0")} | {Number(s.B?.BytesPerCall, "#,0")} | {Ratio(s, s.BytesPerCallRatio)} | " +
                $"{s.A.ServerCpuUtilization:P0} / {Number(s.B?.ServerCpuUtilization, "P0")} | {s.A.LoadGeneratorCpuUtilization:P0} / {Number(s.B?.LoadGeneratorCpuUtilization, "P0")} |");
        }

        md.AppendLine();
        md.AppendLine("A/B above 1.00: A is faster (calls/s); below 1.00: A costs less (CPU time and allocated bytes per call, over the window). " +
                      "Server CPU below ~90 %: the server was not the bottleneck; compare CPU per call then. ± is half the range over the rounds.");
        if (settings.Compare == "contract-first")
        {
            var missed = report.Summaries.Where(s => s.B is not null).SelectMany(s => new[]
            {
                s.ThroughputRatio < 1.0 ? string.Create(Ci, $"{s.Scenario} calls/s {s.ThroughputRatio:0.000}") : null,
                s.CpuPerCallRatio > 1.0 ? string.Create(Ci, $"{s.Scenario} CPU/call {s.CpuPerCallRatio:0.000}") : null,
                s.BytesPerCallRatio > 1.0 ? string.Create(Ci, $"{s.Scenario} bytes/call {s.BytesPerCallRatio:0.000}") : null,
            }).OfType<string>().ToList();
            md.AppendLine();
            md.AppendLine("Targets (A/B calls/s ≥ 1.00, CPU/call ≤ 1.00, bytes/call ≤ 1.00): " + (missed.Count == 0 ? "all met in this run." : "missed " + string.Join("; ", missed) + "."));
        }

        var errors = report.Summaries.SelectMany(s => new[] { s.A, s.B }.OfType<ServerSummary>().Where(x => x.Errors > 0)
            .Select(x => $"{s.Scenario} {s.Channels}×{s.CallersPerChannel} {x.Server}: {x.Errors} ({string.Join(", ", x.ErrorsByStatus.Select(e => $"{e.Key} {e.Value}"))})")).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("**Errors** (no throughput is reported where a call failed): " + string.Join("; ", errors));
        }

        return md.ToString();
    }

    /// <summary>The lines every report starts with: when, where, which commit, pinning.</summary>
    public static string Header(DateTimeOffset started, MachineInfo machine, string pinning) => string.Create(Ci,
        $"- **When / where**: {started:yyyy-MM-dd HH:mm} UTC; {machine.CpuModel}, {machine.LogicalCpus} logical CPUs, {machine.MemoryGiB:0.#} GiB; {machine.Os}; {machine.Runtime}{Environment.NewLine}" +
        $"- **Commit**: `{machine.GitCommit}`{(machine.GitDirty ? " (with uncommitted changes: " + machine.GitDirtyFiles + ")" : "")}{Environment.NewLine}" +
        $"- **Pinning**: {pinning}");

    private static string Throughput(ServerSummary? s) =>
        s is null ? "—"
        : s.Errors > 0 ? $"errors: {s.Errors}"
        : Number(s.CallsPerSecond, "#,0") + (s.CallsPerSecondSpread is { } spread ? string.Create(Ci, $" (±{spread:P0})") : "");

    private static string Ratio(ScenarioSummary s, double? ratio) => Number(ratio, "0.00") + (s.B is null && ratio is not null ? $" ({s.RatioBasis})" : "");

    private static string Latency(ServerSummary? s) => s is null ? "—" : string.Create(Ci, $"{s.P50Ms:0.00} / {s.P99Ms:0.00} / {s.P999Ms:0.00}");

    private static string Number(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, Ci) : "—";
}
