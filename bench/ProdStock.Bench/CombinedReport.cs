using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProdStock.Bench;

/// <summary>The part of a saved result (<c>bench/results/*.json</c>) that combining reads.</summary>
internal sealed record SavedResult(DateTimeOffset StartedUtc, MachineInfo Machine, BenchSettings Settings, IReadOnlyList<RunResult> Runs);

/// <summary>
/// One measure of one scenario over the rounds of all combined runs: the medians of A and B, their ratio and its
/// interval, and the median of each round's own ratio (<see cref="RatioInterval.OfEachRound"/>) and its interval.
/// </summary>
internal sealed record CombinedMeasure(double MedianA, double MedianB, RatioInterval Interval, RatioInterval EachRound);

/// <summary>One scenario over all combined runs; a measure is <see langword="null"/> where a round had failed calls.</summary>
internal sealed record CombinedScenario(
    string Scenario,
    string Basis,
    int Rounds,
    long ErrorsA,
    long ErrorsB,
    CombinedMeasure? CallsPerSecond,
    CombinedMeasure? CpuPerCall,
    CombinedMeasure? BytesPerCall);

/// <summary>
/// <c>combine FILE...</c>: pools the rounds of several runs of one commit and one setting, so that the ratios A/B rest on
/// many rounds instead of three, and says for each how precisely the rounds pin it down (<see cref="RatioInterval"/>).
/// One run of this machine moves by several percent from round to round; a single run cannot show a difference of 1 %.
/// </summary>
internal static class CombinedReport
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/ProdStock.Bench -- combine RESULT.json [RESULT.json ...]

        Pools the rounds of several benchmark runs (bench/results/*.json) of one commit, one machine and one setting,
        and prints the ratios A/B over all their rounds with 95 % bootstrap intervals, and whether the targets are met.
        """;

    /// <summary>The REST row's basis: A's REST call over A's own gRPC unary call of the same round.</summary>
    private const string RestBasis = "REST/gRPC unary, both on A";

    public static async Task<int> RunAsync(IReadOnlyList<string> paths, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (paths.Count == 0 || paths.Any(p => p is "--help" or "-h"))
        {
            error.WriteLine(Usage);
            return paths.Count == 0 ? 2 : 0;
        }

        var results = new List<(string Name, SavedResult Result)>();
        foreach (var path in paths)
        {
            try
            {
                var json = await File.ReadAllTextAsync(path, cancellationToken);
                var result = JsonSerializer.Deserialize<SavedResult>(json, Json.Options);
                if (result?.Runs is not { Count: > 0 } || result.Machine is null || result.Settings is null)
                {
                    error.WriteLine($"error: {path} is not a benchmark result (no machine, settings or runs in it)");
                    return 2;
                }

                if (!HasScenarioWarmup(json))
                {
                    // Written before the scenario warm-up existed: there was none.
                    result = result with { Settings = result.Settings with { ScenarioWarmup = TimeSpan.Zero } };
                }

                results.Add((Path.GetFileName(path), result));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                error.WriteLine($"error: cannot read {path}: {ex.Message}");
                return 2;
            }
        }

        if (Incompatibility(results) is { } problem)
        {
            error.WriteLine($"error: {problem}");
            return 2;
        }

        output.WriteLine(Write(results.Select(r => r.Result).ToList(), results.Select(r => r.Name).ToList()));
        return 0;
    }

    private static bool HasScenarioWarmup(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("settings", out var settings) && settings.TryGetProperty("scenarioWarmup", out _);
    }

    /// <summary>Why these results cannot be pooled (another commit, machine or setting), or <see langword="null"/>.</summary>
    public static string? Incompatibility(IReadOnlyList<(string Name, SavedResult Result)> results)
    {
        foreach (var (what, of) in new (string, Func<SavedResult, string>)[]
        {
            ("commits", r => r.Machine.GitCommit + (r.Machine.GitDirty ? " with uncommitted changes" : "")),
            ("machines", r => string.Create(CultureInfo.InvariantCulture, $"{r.Machine.CpuModel}, {r.Machine.LogicalCpus} CPUs, {r.Machine.Runtime}")),
            ("settings", r => Setting(r.Settings)),
        })
        {
            var distinct = results.GroupBy(r => of(r.Result)).ToList();
            if (distinct.Count > 1)
            {
                return $"the results come from different {what}, so their rounds do not measure the same thing: " +
                       string.Join("; ", distinct.Select(g => $"{g.Key} ({string.Join(", ", g.Select(r => r.Name))})"));
            }
        }

        return null;
    }

    /// <summary>Every round of every result, pooled per scenario and paired by round.</summary>
    public static IReadOnlyList<CombinedScenario> Combine(IReadOnlyList<SavedResult> results)
    {
        var combined = new List<CombinedScenario>();
        foreach (var scenario in BenchSettings.AllScenarios)
        {
            var rest = scenario == "rest";
            var pairs = new List<(RunResult A, RunResult B)>();
            foreach (var result in results)
            {
                foreach (var a in result.Runs.Where(run => run.Scenario == scenario && run.Server == "A"))
                {
                    var b = result.Runs.FirstOrDefault(run => rest
                        ? run.Scenario == "unary" && run.Server == "A" && run.Round == a.Round
                        : run.Scenario == scenario && run.Server == "B" && run.Round == a.Round);
                    if (b is not null)
                    {
                        pairs.Add((a, b));
                    }
                }
            }

            if (pairs.Count == 0)
            {
                continue;
            }

            var failed = pairs.Any(p => p.A.Errors > 0 || p.B.Errors > 0);
            combined.Add(new CombinedScenario(
                scenario,
                rest ? RestBasis : "A/B",
                pairs.Count,
                pairs.Sum(p => p.A.Errors),
                pairs.Sum(p => p.B.Errors), // for REST: A's gRPC unary rounds, its basis
                failed ? null : Measure(pairs, run => run.CallsPerSecond),
                failed ? null : Measure(pairs, run => run.ServerCpuMicrosecondsPerCall),
                failed ? null : Measure(pairs, run => run.ServerBytesPerCall)));
        }

        return combined;
    }

    public static string Write(IReadOnlyList<SavedResult> results, IReadOnlyList<string> names)
    {
        var ci = CultureInfo.InvariantCulture;
        var first = results.MinBy(r => r.StartedUtc)!;
        var last = results.MaxBy(r => r.StartedUtc)!;
        var scenarios = Combine(results);
        var md = new StringBuilder();
        md.AppendLine(ci, $"### ProdStock benchmark, {results.Count} run(s) combined: code-first host (A) vs contract-first Grpc.AspNetCore (B)");
        md.AppendLine();
        md.AppendLine(ci, $"- **Runs**: {string.Join(", ", names)}; {first.StartedUtc:yyyy-MM-dd HH:mm}–{last.StartedUtc:HH:mm} UTC");
        md.AppendLine(ci, $"- **Commit**: `{first.Machine.GitCommit}`{(first.Machine.GitDirty ? " (with uncommitted changes)" : "")}; **machine**: {first.Machine.CpuModel}, {first.Machine.LogicalCpus} logical CPUs, {first.Machine.Os}, {first.Machine.Runtime}");
        md.AppendLine(ci, $"- **Each run**: {Setting(first.Settings)}, {first.Settings.Rounds} round(s) per scenario");
        md.AppendLine();
        md.AppendLine("| scenario | rounds | A/B calls/s [95 % interval] | A/B CPU per call [95 % interval] | A/B bytes per call [95 % interval] |");
        md.AppendLine("|---|---:|---|---|---|");
        foreach (var s in scenarios)
        {
            var target = s.Basis == RestBasis ? Targets.RestCpuPerCall : 1.0;
            md.AppendLine(ci, $"| {Label(s)} | {s.Rounds} | {Cell(s, s.CallsPerSecond?.Interval, s.Basis == RestBasis ? null : 1.0, higherIsBetter: true)} | {Cell(s, s.CpuPerCall?.Interval, target, higherIsBetter: false)} | {Cell(s, s.BytesPerCall?.Interval, s.Basis == RestBasis ? null : 1.0, higherIsBetter: false)} |");
        }

        md.AppendLine();
        md.AppendLine("Each round's own ratio (a round's A and B ran back to back), median over the rounds:");
        md.AppendLine();
        md.AppendLine("| scenario | rounds | A/B calls/s [95 % interval] | A/B CPU per call [95 % interval] | A/B bytes per call [95 % interval] |");
        md.AppendLine("|---|---:|---|---|---|");
        foreach (var s in scenarios)
        {
            var target = s.Basis == RestBasis ? Targets.RestCpuPerCall : 1.0;
            md.AppendLine(ci, $"| {Label(s)} | {s.Rounds} | {Cell(s, s.CallsPerSecond?.EachRound, s.Basis == RestBasis ? null : 1.0, higherIsBetter: true)} | {Cell(s, s.CpuPerCall?.EachRound, target, higherIsBetter: false)} | {Cell(s, s.BytesPerCall?.EachRound, s.Basis == RestBasis ? null : 1.0, higherIsBetter: false)} |");
        }

        md.AppendLine();
        md.AppendLine("| scenario | A calls/s | B calls/s | A CPU µs/call | B CPU µs/call | A bytes/call | B bytes/call |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in scenarios)
        {
            md.AppendLine(ci, $"| {s.Scenario} | {Median(s.CallsPerSecond, m => m.MedianA, "#,0")} | {Median(s.CallsPerSecond, m => m.MedianB, "#,0")} | {Median(s.CpuPerCall, m => m.MedianA, "0.0")} | {Median(s.CpuPerCall, m => m.MedianB, "0.0")} | {Median(s.BytesPerCall, m => m.MedianA, "#,0")} | {Median(s.BytesPerCall, m => m.MedianB, "#,0")} |");
        }

        md.AppendLine();
        md.AppendLine(ci, $"Ratios in the first table are of the medians over all rounds (for REST, B is A's own gRPC unary call); in the second, the median of each round's ratio, which the machine's drift from round to round moves less. The interval is a 95 % percentile bootstrap ({RatioInterval.Resamples:#,0} resamples of the rounds, each round's A and B kept together): **better** or **worse** means the whole interval is on that side of the target, **level** that it contains the target, i.e. these rounds cannot tell A and B apart there. The targets below are read on the first table.");
        md.AppendLine();
        var misses = scenarios.SelectMany(Misses).ToList();
        md.AppendLine(misses.Count == 0
            ? $"Targets on the combined medians ({Targets.Description}; REST CPU/call ≤ {Targets.RestCpuPerCall:0.00}× gRPC unary): all met."
            : $"Targets on the combined medians ({Targets.Description}; REST CPU/call ≤ {Targets.RestCpuPerCall:0.00}× gRPC unary) missed: " + string.Join("; ", misses) + ".");
        return md.ToString();
    }

    private static CombinedMeasure? Measure(IReadOnlyList<(RunResult A, RunResult B)> pairs, Func<RunResult, double?> value)
    {
        var values = pairs.Select(p => (A: value(p.A) ?? double.NaN, B: value(p.B) ?? double.NaN)).ToList();
        return values.Any(v => !(v.A > 0) || !(v.B > 0))
            ? null
            : new CombinedMeasure(Stats.Median(values.Select(v => v.A)), Stats.Median(values.Select(v => v.B)), RatioInterval.Of(values), RatioInterval.OfEachRound(values));
    }

    private static IEnumerable<string> Misses(CombinedScenario s)
    {
        if (s.ErrorsA > 0 || s.ErrorsB > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{s.Scenario} had failed calls (A {s.ErrorsA:#,0}, B {s.ErrorsB:#,0})");
            yield break;
        }

        if (s.Basis == RestBasis)
        {
            if (s.CpuPerCall?.Interval.Ratio > Targets.RestCpuPerCall)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{s.Scenario} CPU/call {s.CpuPerCall.Interval.Ratio:0.000}× gRPC unary");
            }

            yield break;
        }

        foreach (var miss in Targets.Misses(s.Scenario, s.CallsPerSecond?.Interval.Ratio, s.CpuPerCall?.Interval.Ratio, s.BytesPerCall?.Interval.Ratio))
        {
            yield return miss;
        }
    }

    private static string Label(CombinedScenario s) => s.Basis == RestBasis ? $"{s.Scenario} ({RestBasis})" : s.Scenario;

    private static string Cell(CombinedScenario s, RatioInterval? interval, double? target, bool higherIsBetter)
    {
        if (interval is null)
        {
            return s.ErrorsA > 0 || s.ErrorsB > 0 ? string.Create(CultureInfo.InvariantCulture, $"errors: A {s.ErrorsA:#,0}, B {s.ErrorsB:#,0}") : "—";
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{interval.Ratio:0.000} [{interval.Low:0.000}, {interval.High:0.000}]");
        return target is { } t
            ? text + " " + interval.Against(t, higherIsBetter) switch
            {
                Reading.Better => "**better**",
                Reading.Worse => "**worse**",
                _ => "level",
            }
            : text;
    }

    private static string Median(CombinedMeasure? measure, Func<CombinedMeasure, double> side, string format) =>
        measure is null ? "—" : side(measure).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The settings that change what a round measures (not how many rounds there were, or where results went).</summary>
    private static string Setting(BenchSettings s)
    {
        var ci = CultureInfo.InvariantCulture;
        var environment = string.Join(" ", s.ServerEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        return string.Create(ci,
            $"{s.Preheat.TotalSeconds:0}–{s.PreheatLimit.TotalSeconds:0} s first warm-up, {s.ScenarioWarmup.TotalSeconds:0.#} s per scenario, {s.Warmup.TotalSeconds:0.#} s warm-up + {s.Duration.TotalSeconds:0.#} s window, " +
            $"store {s.Store}, {s.StreamBatchSize} users per server-stream message, connections {s.Channels?.ToString(ci) ?? "default"} × callers {s.Callers?.ToString(ci) ?? "default"}, " +
            $"{(s.Pin ? "pinned" : "not pinned")}{(s.Quick ? ", quick" : "")}{(environment.Length > 0 ? ", server environment " + environment : "")}");
    }
}
