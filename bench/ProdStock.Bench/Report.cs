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

/// <summary>The medians over the rounds of one server in one scenario.</summary>
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
        var errors = new Dictionary<string, int>();
        foreach (var run in runs)
        {
            foreach (var (kind, count) in run.ErrorsByStatus)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }
        }

        var errorCount = runs.Sum(run => run.Errors);
        var throughputs = runs.Select(run => run.CallsPerSecond ?? double.NaN).ToList();
        double? throughput = errorCount == 0 ? Stats.Median(throughputs) : null;
        return new ServerSummary(
            server,
            runs.Count,
            errorCount,
            errors,
            throughput,
            throughput is > 0 && runs.Count > 1 ? (throughputs.Max() - throughputs.Min()) / 2 / throughput : null,
            Stats.Median(runs.Select(run => run.P50Ms)),
            Stats.Median(runs.Select(run => run.P99Ms)),
            Stats.Median(runs.Select(run => run.P999Ms)),
            errorCount == 0 ? Stats.Median(runs.Select(run => run.ServerCpuMicrosecondsPerCall ?? double.NaN)) : null,
            errorCount == 0 ? Stats.Median(runs.Select(run => run.ServerBytesPerCall ?? double.NaN)) : null,
            Stats.Median(runs.Select(run => run.ServerCpuUtilization)),
            Stats.Median(runs.Select(run => run.LoadGeneratorCpuUtilization)));
    }
}

/// <summary>One scenario: A and B side by side, and the ratios A/B (or, for REST, A's REST over A's gRPC unary).</summary>
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

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 && !double.IsNaN(x) && !double.IsNaN(y) ? x / y : null;
}

/// <summary>The Markdown printed at the end (and saved next to the JSON).</summary>
internal static class MarkdownReport
{
    public static string Write(BenchReport report)
    {
        var md = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        md.AppendLine(ci, $"### ProdStock benchmark: code-first host (A) vs contract-first Grpc.AspNetCore (B)");
        md.AppendLine();
        md.AppendLine(ci, $"- **When / where**: {report.StartedUtc:yyyy-MM-dd HH:mm} UTC; {report.Machine.CpuModel}, {report.Machine.LogicalCpus} logical CPUs, {report.Machine.MemoryGiB:0.#} GiB; {report.Machine.Os}; {report.Machine.Runtime}");
        md.AppendLine(ci, $"- **Commit**: `{report.Machine.GitCommit}`{(report.Machine.GitDirty ? " (with uncommitted changes: " + report.Machine.GitDirtyFiles + ")" : "")}");
        md.AppendLine(ci, $"- **Settings**: {report.Settings.Warmup.TotalSeconds:0.#} s warm-up + {report.Settings.Duration.TotalSeconds:0.#} s window per run, {report.Settings.Rounds} round(s) per scenario (A B, B A, …, the scenarios alternating which server opens; medians shown) after {report.Settings.ScenarioWarmup.TotalSeconds:0.#} s of each scenario on each server, unmeasured, store {report.Settings.Store}, {report.Settings.StreamBatchSize} users per server-stream message; mutual TLS (TLS 1.2/1.3, client certificate required) on 127.0.0.1; HTTP/2");
        md.AppendLine(ci, $"- **Pinning**: {report.Pinning}");
        foreach (var server in report.Servers)
        {
            md.AppendLine(ci, $"- **{server.Label}** = {server.Description}: {server.GcMode}, {server.ProcessorCount} CPU(s) seen by the runtime, store {server.StoreEngine ?? "(same registration as B)"}");
        }

        md.AppendLine("- **Warm-up before the first run**: " + string.Join("; ", report.Preheats.Select(p =>
            string.Create(ci, $"{p.Server} {p.Seconds:0} s, all scenarios at once, {p.JitMethods:#,0} methods compiled, JIT {(p.Settled ? "settled" : "still compiling at the limit")}"))) +
            string.Create(ci, $"; then {report.Settings.Warmup.TotalSeconds:0.#} s of warm-up before each timed window. Methods compiled inside the windows: A {report.Runs.Where(r => r.Server == "A").Sum(r => r.ServerJitMethods):#,0}, B {report.Runs.Where(r => r.Server == "B").Sum(r => r.ServerJitMethods):#,0}"));
        if (report.Settings.ServerEnvironment.Count > 0)
        {
            md.AppendLine(ci, $"- **Extra server environment** (both): {string.Join(", ", report.Settings.ServerEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        }

        md.AppendLine(ci, $"- **Load generator**: {report.Machine.LoadGeneratorGc} GC; ClientSdk (protobuf-net.Grpc client; the bytes on the wire are the same for A and B), retries and client-side validation off");
        md.AppendLine(ci, $"- **Load average** (1/5/15 min) before: {report.LoadAverageBefore}, after: {report.LoadAverageAfter}; run took {report.ElapsedSeconds / 60:0.0} min");
        md.AppendLine();
        md.AppendLine("| scenario | one call is | conn × callers | A calls/s | B calls/s | A/B | A p50 / p99 / p99.9 ms | B p50 / p99 / p99.9 ms |");
        md.AppendLine("|---|---|---|---:|---:|---:|---|---|");
        foreach (var s in report.Summaries)
        {
            md.AppendLine(ci, $"| {s.Scenario} | {s.Description} | {s.Channels} × {s.CallersPerChannel} | {Throughput(s.A)} | {(s.B is null ? "—" : Throughput(s.B))} | {RatioCell(s)} | {Latency(s.A)} | {(s.B is null ? "—" : Latency(s.B))} |");
        }

        md.AppendLine();
        md.AppendLine("| scenario | A CPU µs/call | B CPU µs/call | A/B | A bytes/call | B bytes/call | A/B | server CPU busy A / B | load gen CPU A / B |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var s in report.Summaries)
        {
            var basis = s.B is null ? $" ({s.RatioBasis})" : "";
            md.AppendLine(ci,
                $"| {s.Scenario} | {Number(s.A.CpuMicrosecondsPerCall, "0.0")} | {(s.B is null ? "—" : Number(s.B.CpuMicrosecondsPerCall, "0.0"))} | {Number(s.CpuPerCallRatio, "0.00")}{basis} | " +
                $"{Number(s.A.BytesPerCall, "#,0")} | {(s.B is null ? "—" : Number(s.B.BytesPerCall, "#,0"))} | {Number(s.BytesPerCallRatio, "0.00")}{basis} | " +
                $"{s.A.ServerCpuUtilization:P0} / {(s.B is null ? "—" : s.B.ServerCpuUtilization.ToString("P0", ci))} | {s.A.LoadGeneratorCpuUtilization:P0} / {(s.B is null ? "—" : s.B.LoadGeneratorCpuUtilization.ToString("P0", ci))} |");
        }

        md.AppendLine();
        md.AppendLine("A/B above 1.00 means A is faster (calls/s); below 1.00 means A costs less (CPU and bytes per call). The REST row compares A's gateway with A's own gRPC unary call (REST/gRPC). " +
                      "CPU per call is the server process's user+system time over the window (/proc/PID/stat) divided by the calls; bytes per call is GC.GetTotalAllocatedBytes(precise) of the server over the window divided by the calls. " +
                      "A server CPU below ~90% means the load generator, not the server, limited the throughput: compare CPU and bytes per call then. ± is half the range over the rounds.");
        var missed = report.Summaries.Where(s => s.B is not null).SelectMany(s => Targets.Misses(s.Scenario, s.ThroughputRatio, s.CpuPerCallRatio, s.BytesPerCallRatio)).ToList();
        md.AppendLine();
        md.AppendLine(missed.Count == 0
            ? $"Targets ({Targets.Description}): all met in this run."
            : $"Targets ({Targets.Description}) missed: " + string.Join("; ", missed) + ".");
        var errors = report.Summaries.SelectMany(s => new[] { s.A, s.B }.OfType<ServerSummary>().Where(x => x.Errors > 0).Select(x => $"{s.Scenario} {x.Server}: {x.Errors} ({string.Join(", ", x.ErrorsByStatus.Select(e => $"{e.Key} {e.Value}"))})")).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("**Errors** (no throughput is reported where a call failed): " + string.Join("; ", errors));
        }

        return md.ToString();
    }

    private static string Throughput(ServerSummary s) =>
        s.Errors > 0
            ? $"errors: {s.Errors}"
            : s.CallsPerSecond is { } value
                ? value.ToString("#,0", CultureInfo.InvariantCulture) + (s.CallsPerSecondSpread is { } spread ? string.Create(CultureInfo.InvariantCulture, $" (±{spread:P0})") : "")
                : "—";

    private static string RatioCell(ScenarioSummary s) => Number(s.ThroughputRatio, "0.00") + (s.B is null ? $" ({s.RatioBasis})" : "");

    private static string Latency(ServerSummary s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.P50Ms:0.00} / {s.P99Ms:0.00} / {s.P999Ms:0.00}");

    private static string Number(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}

internal sealed record ServerInfo(string Label, string Description, string Assembly, IReadOnlyList<string> Arguments, string GcMode, int ProcessorCount, string Runtime, string? StoreEngine);

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
    public static IReadOnlyList<ScenarioSummary> Summarize(IReadOnlyList<RunResult> runs, IEnumerable<Scenario> scenarios)
    {
        var summaries = new List<ScenarioSummary>();
        ServerSummary? unaryA = null;
        foreach (var scenario in scenarios)
        {
            var mine = runs.Where(run => run.Scenario == scenario.Name).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            var a = ServerSummary.Of("A", mine.Where(run => run.Server == "A").ToList());
            var b = scenario.BothServers ? ServerSummary.Of("B", mine.Where(run => run.Server == "B").ToList()) : null;
            if (scenario.Name == "unary")
            {
                unaryA = a;
            }

            var basis = b ?? unaryA;
            summaries.Add(new ScenarioSummary(
                scenario.Name,
                scenario.Description,
                mine[0].Channels,
                mine[0].CallersPerChannel,
                a,
                b,
                b is not null ? "A/B" : unaryA is not null ? "REST/gRPC unary, both on A" : "no gRPC unary run to compare with",
                Stats.Ratio(a.CallsPerSecond, basis?.CallsPerSecond),
                Stats.Ratio(a.CpuMicrosecondsPerCall, basis?.CpuMicrosecondsPerCall),
                Stats.Ratio(a.BytesPerCall, basis?.BytesPerCall)));
        }

        return summaries;
    }
}
