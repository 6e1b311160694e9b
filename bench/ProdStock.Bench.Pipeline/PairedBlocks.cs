using System.Diagnostics;
using System.Globalization;
using System.Text;
using ProdStock.Bench;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// <c>paired [--seconds S] [--launches L] [--null A|B] [SCENARIO...]</c>: times A and B in two processes (<see cref="BlockServer"/>)
/// that take turns in blocks of about 50 ms, A B, B A, … so that each pair of blocks ran within a tenth of a second of
/// each other. This VM's speed drifts by 3–30 % over seconds and minutes, which BenchmarkDotNet's cases, minutes apart,
/// read as a difference between the servers; within a pair the drift is nearly the same for both. A launch's ratio of
/// the medians over its pairs comes with a 95 % bootstrap interval that resamples whole pairs (<see cref="RatioInterval"/>).
/// That interval does not cover what differs from one pair of processes to the next (code layout, tiering, PGO: 1–2 %
/// here), so each scenario is launched several times with new processes (each side started first in every other
/// launch: the process started first read ~1 % slower in null comparisons), and it reads better or worse only when the 95 %
/// interval of the launches' mean ratio does (<see cref="LaunchInterval"/>). <c>--null A</c> (or B) runs that server on both sides: what the comparison reads when nothing differs.
/// </summary>
internal static class PairedBlocks
{
    public const string Usage = "usage: paired [--seconds 5..3600] [--launches 1..20] [--null A|B] [unary|server-stream|client-stream|duplex ...]";

    /// <summary>How long each block of calls should take.</summary>
    public static readonly TimeSpan Block = TimeSpan.FromMilliseconds(50);

    /// <summary>Pairs run and thrown away before the measured ones, while the JIT tiers the code up.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var options, out var problem))
        {
            await error.WriteLineAsync($"{problem}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var results = new List<PairedScenario>();
        foreach (var scenario in options.Scenarios)
        {
            var launches = new List<PairedResult>();
            for (var launch = 1; launch <= options.Launches; launch++)
            {
                await error.WriteLineAsync($"{scenario}, launch {launch} of {options.Launches}: starting {options.Sides.A} and {options.Sides.B}, {WarmUp.TotalSeconds:F0} s of warm-up, {options.Seconds} s measured").ConfigureAwait(false);
                launches.Add(await MeasureAsync(scenario, options.Sides, startAFirst: launch % 2 == 1, TimeSpan.FromSeconds(options.Seconds), cancellationToken).ConfigureAwait(false));
            }

            results.Add(new PairedScenario(scenario, launches));
        }

        if (options.Null is { } same)
        {
            await output.WriteLineAsync($"Null comparison: server {same} in both the A and the B position.\n").ConfigureAwait(false);
        }

        await output.WriteAsync(Markdown(results)).ConfigureAwait(false);
        var path = await ResultFile.SaveAsync("paired", new
        {
            Date = DateTimeOffset.UtcNow,
            Machine = MachineInfo.Collect(Directory.GetCurrentDirectory()),
            BlockMilliseconds = Block.TotalMilliseconds,
            WarmUpSeconds = WarmUp.TotalSeconds,
            MeasuredSecondsPerLaunch = options.Seconds,
            NullComparisonOf = options.Null?.ToString(),
            Scenarios = results,
        }, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"\nsaved {path}").ConfigureAwait(false);
        return 0;
    }

    public static bool TryParse(string[] args, out PairedOptions options, out string? problem)
    {
        var seconds = 20;
        var launches = 4;
        ServerKind? same = null;
        var scenarios = new List<string>();
        options = new PairedOptions(seconds, launches, scenarios);
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--seconds" or "--launches")
            {
                var (low, high) = args[i] == "--seconds" ? (5, 3600) : (1, 20);
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < low || value > high)
                {
                    problem = $"{args[i]} takes a whole number from {low} to {high}";
                    return false;
                }

                if (args[i] == "--seconds")
                {
                    seconds = value;
                }
                else
                {
                    launches = value;
                }

                i++;
            }
            else if (args[i] == "--null")
            {
                if (i + 1 >= args.Length || !ServerKinds.TryParse(args[i + 1], out var server))
                {
                    problem = "--null takes A or B";
                    return false;
                }

                same = server;
                i++;
            }
            else if (PipelineScenario.Names.Contains(args[i]))
            {
                scenarios.Add(args[i]);
            }
            else
            {
                problem = $"unknown scenario '{args[i]}'";
                return false;
            }
        }

        options = new PairedOptions(seconds, launches, scenarios.Count > 0 ? scenarios : PipelineScenario.Names, same);
        return true;
    }

    /// <summary>Calls per block: as many as take about <see cref="Block"/> at <paramref name="secondsPerCall"/>, at least one.</summary>
    public static int CallsPerBlock(double secondsPerCall) =>
        secondsPerCall > 0 ? (int)Math.Clamp(Math.Round(Block.TotalSeconds / secondsPerCall), 1, BlockServer.MaxCallsPerBlock) : 1;

    /// <summary>The side that runs first in pair <paramref name="index"/>: A in even pairs, B in odd ones.</summary>
    public static ServerKind FirstOf(int index) => index % 2 == 0 ? ServerKind.A : ServerKind.B;

    public static string Markdown(IReadOnlyList<PairedScenario> results)
    {
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("| scenario | launches × pairs | A µs per op | B µs per op | A/B time of each launch [95 % interval] | A/B mean [95 % interval over the launches] | against ≤ 1.00 |");
        md.AppendLine("|---|---|---:|---:|---|---|---|");
        foreach (var r in results)
        {
            var launches = string.Join("; ", r.Launches.Select(l => string.Create(ci, $"{l.Interval.Ratio:F3} [{l.Interval.Low:F3}, {l.Interval.High:F3}]")));
            md.AppendLine(ci, $"| {r.Scenario} | {r.Launches.Count} × {Stats.Median(r.Launches.Select(l => (double)l.Interval.Rounds)):F0} | {Stats.Median(r.Launches.Select(l => l.AMicroseconds)):F3} | {Stats.Median(r.Launches.Select(l => l.BMicroseconds)):F3} | {launches} | {Mean(r)} | {r.Reading.ToString().ToLowerInvariant()} |");
        }

        md.AppendLine();
        md.AppendLine("An op is a call, or for duplex a round trip; µs are medians over the launches. Lower time is better: the target for A/B is ≤ 1.00,");
        md.AppendLine("read better or worse when the interval over the launches is on that side of it, or with one launch its own interval.");
        md.AppendLine("A launch's interval covers its pairs only; the one over the launches also covers what differs between processes.");
        return md.ToString();
    }

    private static string Mean(PairedScenario r) =>
        r.AcrossLaunches is { } across
            ? string.Create(CultureInfo.InvariantCulture, $"{across.Mean:F3} [{across.Low:F3}, {across.High:F3}]")
            : string.Create(CultureInfo.InvariantCulture, $"{r.MeanRatio:F3}");

    private static async Task<PairedResult> MeasureAsync(
        string scenario, (ServerKind A, ServerKind B) sides, bool startAFirst, TimeSpan measured, CancellationToken cancellationToken)
    {
        // The process started first read ~1 % slower in null comparisons (the same server on both sides), so the launches
        // alternate which side starts first.
        BlockProcess? a = null;
        BlockProcess? b = null;
        try
        {
            if (startAFirst)
            {
                a = await BlockProcess.StartAsync(sides.A, scenario, cancellationToken).ConfigureAwait(false);
                b = await BlockProcess.StartAsync(sides.B, scenario, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                b = await BlockProcess.StartAsync(sides.B, scenario, cancellationToken).ConfigureAwait(false);
                a = await BlockProcess.StartAsync(sides.A, scenario, cancellationToken).ConfigureAwait(false);
            }

            return await MeasureAsync(scenario, a, b, measured, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await (a?.DisposeAsync() ?? ValueTask.CompletedTask).ConfigureAwait(false);
            await (b?.DisposeAsync() ?? ValueTask.CompletedTask).ConfigureAwait(false);
        }
    }

    private static async Task<PairedResult> MeasureAsync(string scenario, BlockProcess a, BlockProcess b, TimeSpan measured, CancellationToken cancellationToken)
    {
        var operationsPerCall = scenario == "duplex" ? PipelineBenchmarks.DuplexRoundTrips : 1;
        var calls = CallsPerBlock(await a.RunAsync(10, cancellationToken).ConfigureAwait(false) / 10);

        async Task<List<(double A, double B)>> PairsAsync(TimeSpan duration)
        {
            var pairs = new List<(double A, double B)>();
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var first = FirstOf(pairs.Count);
                var (x, y) = first == ServerKind.A ? (a, b) : (b, a);
                var firstSeconds = await x.RunAsync(calls, cancellationToken).ConfigureAwait(false);
                var secondSeconds = await y.RunAsync(calls, cancellationToken).ConfigureAwait(false);
                var (aSeconds, bSeconds) = first == ServerKind.A ? (firstSeconds, secondSeconds) : (secondSeconds, firstSeconds);
                pairs.Add((aSeconds * 1e6 / calls / operationsPerCall, bSeconds * 1e6 / calls / operationsPerCall));
            }

            return pairs;
        }

        var warm = await PairsAsync(WarmUp).ConfigureAwait(false);
        // Tiered code is faster than the first calls were: size the blocks again from the warm-up's last pairs.
        calls = CallsPerBlock(Stats.Median(warm.TakeLast(10).Select(p => p.A)) * operationsPerCall / 1e6);
        var pairs = await PairsAsync(measured).ConfigureAwait(false);
        return new PairedResult(calls, Stats.Median(pairs.Select(p => p.A)), Stats.Median(pairs.Select(p => p.B)), RatioInterval.Of(pairs));
    }
}

/// <summary>
/// The options of <c>paired</c>: seconds measured per launch, launches per scenario, the scenarios, and the server that
/// runs on both sides of a null comparison (none: A against B).
/// </summary>
internal sealed record PairedOptions(int Seconds, int Launches, IReadOnlyList<string> Scenarios, ServerKind? Null = null)
{
    /// <summary>The servers in the A and the B position.</summary>
    public (ServerKind A, ServerKind B) Sides => Null is { } same ? (same, same) : (ServerKind.A, ServerKind.B);
}

/// <summary>
/// The launches of one scenario, and what they say together: the mean of their ratios with its interval over the
/// launches (<see cref="LaunchInterval"/>), and from it the reading; one launch reads by its own interval.
/// </summary>
internal sealed record PairedScenario(string Scenario, IReadOnlyList<PairedResult> Launches)
{
    public double MeanRatio => Launches.Average(l => l.Interval.Ratio);

    public LaunchInterval? AcrossLaunches => LaunchInterval.Of(Launches.Select(l => l.Interval.Ratio).ToList());

    public Reading Reading => AcrossLaunches?.Against(1.0, higherIsBetter: false) ?? Launches.Single().Reading;
}

/// <summary>
/// One launch of a paired comparison: medians of A's and B's time per operation over its pairs, and the ratio of the
/// medians with its interval (whose <see cref="RatioInterval.Rounds"/> are the pairs).
/// </summary>
internal sealed record PairedResult(int CallsPerBlock, double AMicroseconds, double BMicroseconds, RatioInterval Interval)
{
    /// <summary>Against the target A/B ≤ 1.00: lower time is better.</summary>
    public Reading Reading => Interval.Against(1.0, higherIsBetter: false);
}
