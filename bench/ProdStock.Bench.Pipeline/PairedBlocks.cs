using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ProdStock.Bench;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// <c>paired [--seconds S] [SCENARIO...]</c>: times A and B in two processes (<see cref="BlockServer"/>) that take turns
/// in blocks of about 50 ms, A B, B A, … so that each pair of blocks ran within a tenth of a second of each other. This
/// VM's speed drifts by 3–30 % over seconds and minutes, which BenchmarkDotNet's cases, minutes apart, read as a
/// difference between the servers; within a pair the drift is nearly the same for both. The ratio of the medians over
/// all pairs comes with a 95 % bootstrap interval that resamples whole pairs (<see cref="RatioInterval"/>).
/// </summary>
internal static class PairedBlocks
{
    public const string Usage = "usage: paired [--seconds 5..3600] [unary|server-stream|client-stream|duplex ...]";

    /// <summary>How long each block of calls should take.</summary>
    public static readonly TimeSpan Block = TimeSpan.FromMilliseconds(50);

    /// <summary>Pairs run and thrown away before the measured ones, while the JIT tiers the code up.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var seconds, out var scenarios, out var problem))
        {
            await error.WriteLineAsync($"{problem}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var results = new List<PairedResult>();
        foreach (var scenario in scenarios)
        {
            await error.WriteLineAsync($"{scenario}: starting A and B, {WarmUp.TotalSeconds:F0} s of warm-up, {seconds} s measured").ConfigureAwait(false);
            results.Add(await MeasureAsync(scenario, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false));
        }

        await output.WriteAsync(Markdown(results)).ConfigureAwait(false);
        var folder = Path.Combine("bench", "results", "pipeline");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"paired-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        var record = new
        {
            Date = DateTimeOffset.UtcNow,
            Machine = MachineInfo.Collect(Directory.GetCurrentDirectory()),
            BlockMilliseconds = Block.TotalMilliseconds,
            WarmUpSeconds = WarmUp.TotalSeconds,
            MeasuredSeconds = seconds,
            Scenarios = results,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(record, Json.Options), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"\nsaved {path}").ConfigureAwait(false);
        return 0;
    }

    public static bool TryParse(string[] args, out int seconds, out IReadOnlyList<string> scenarios, out string? problem)
    {
        seconds = 60;
        problem = null;
        var named = new List<string>();
        scenarios = named;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--seconds")
            {
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds is < 5 or > 3600)
                {
                    problem = "--seconds takes a whole number of seconds from 5 to 3600";
                    return false;
                }

                i++;
            }
            else if (PipelineScenario.Names.Contains(args[i]))
            {
                named.Add(args[i]);
            }
            else
            {
                problem = $"unknown scenario '{args[i]}'";
                return false;
            }
        }

        if (named.Count == 0)
        {
            named.AddRange(PipelineScenario.Names);
        }

        return true;
    }

    /// <summary>Calls per block: as many as take about <see cref="Block"/> at <paramref name="secondsPerCall"/>, at least one.</summary>
    public static int CallsPerBlock(double secondsPerCall) =>
        secondsPerCall > 0 ? (int)Math.Clamp(Math.Round(Block.TotalSeconds / secondsPerCall), 1, BlockServer.MaxCallsPerBlock) : 1;

    /// <summary>A and B of pair <paramref name="index"/> in the order they run: A first in even pairs, B first in odd ones.</summary>
    public static (ServerKind First, ServerKind Second) Order(int index) => index % 2 == 0 ? (ServerKind.A, ServerKind.B) : (ServerKind.B, ServerKind.A);

    public static string Markdown(IReadOnlyList<PairedResult> results)
    {
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("| scenario | pairs | calls per block | A µs per op | B µs per op | A/B time [95 % interval] | against ≤ 1.00 |");
        md.AppendLine("|---|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            md.AppendLine(ci, $"| {r.Scenario} | {r.Pairs} | {r.CallsPerBlock} | {r.AMicroseconds:F3} | {r.BMicroseconds:F3} | {r.Ratio:F3} [{r.Low:F3}, {r.High:F3}] | {r.Reading.ToString().ToLowerInvariant()} |");
        }

        md.AppendLine();
        md.AppendLine("An op is a call, or for duplex a round trip. Lower time is better: the target for A/B is ≤ 1.00.");
        return md.ToString();
    }

    private static async Task<PairedResult> MeasureAsync(string scenario, TimeSpan measured, CancellationToken cancellationToken)
    {
        var operationsPerCall = scenario == "duplex" ? PipelineBenchmarks.DuplexRoundTrips : 1;
        await using var a = await BlockProcess.StartAsync(ServerKind.A, scenario, cancellationToken).ConfigureAwait(false);
        await using var b = await BlockProcess.StartAsync(ServerKind.B, scenario, cancellationToken).ConfigureAwait(false);
        var calls = CallsPerBlock(await a.RunAsync(10, cancellationToken).ConfigureAwait(false) / 10);

        async Task<List<(double A, double B)>> PairsAsync(TimeSpan duration)
        {
            var pairs = new List<(double A, double B)>();
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var (first, _) = Order(pairs.Count);
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
        var interval = RatioInterval.Of(pairs);
        return new PairedResult(
            scenario, pairs.Count, calls, Stats.Median(pairs.Select(p => p.A)), Stats.Median(pairs.Select(p => p.B)),
            interval.Ratio, interval.Low, interval.High, interval.Against(1.0, higherIsBetter: false));
    }
}

/// <summary>One scenario of a paired comparison: medians of A's and B's time per operation over the pairs, and their ratio.</summary>
internal sealed record PairedResult(
    string Scenario, int Pairs, int CallsPerBlock, double AMicroseconds, double BMicroseconds, double Ratio, double Low, double High, Reading Reading);
