using System.Diagnostics;
using System.Globalization;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// <c>loop SERVER SCENARIO SECONDS</c> or <c>loop SERVER SCENARIO --calls N</c>: calls one scenario on one server for a
/// while, or exactly N times, with nothing else running, for a profiler to watch (e.g. <c>perf record</c> with
/// <c>DOTNET_PerfMapEnabled=1</c>, or <c>dotnet-trace</c>) or for an instruction counter (<see cref="InstructionCount"/>).
/// It checks the answers first, then prints the calls made and the time per call (not a measurement: BenchmarkDotNet's are).
/// </summary>
internal static class ProfileLoop
{
    public const string Usage = "usage: loop A|B unary|server-stream|client-stream|duplex SECONDS|--calls N";

    /// <summary>The largest call count of <c>--calls</c>.</summary>
    public const long MaxCalls = 100_000_000;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var kind, out var scenario, out var seconds, out var fixedCalls))
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        return await PipelineServer.RunCheckedAsync(kind, scenario, async stream =>
        {
            await output.WriteLineAsync(fixedCalls is { } n
                ? $"pid {Environment.ProcessId}: {kind} {scenario.Name}, {n} calls"
                : $"pid {Environment.ProcessId}: {kind} {scenario.Name} for {seconds.ToString(CultureInfo.InvariantCulture)} s").ConfigureAwait(false);
            var calls = 0L;
            var started = Stopwatch.GetTimestamp();
            if (fixedCalls is { } count)
            {
                for (; calls < count; calls++)
                {
                    await scenario.SendNextAsync(stream).ConfigureAwait(false);
                }
            }
            else
            {
                var until = started + (long)(seconds * Stopwatch.Frequency);
                while (Stopwatch.GetTimestamp() < until)
                {
                    for (var i = 0; i < 100; i++)
                    {
                        await scenario.SendNextAsync(stream).ConfigureAwait(false);
                    }

                    calls += 100;
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            await output.WriteLineAsync($"{calls} calls, {elapsed.TotalMicroseconds / calls:F3} µs per call").ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);
    }

    private static bool TryParse(string[] args, out ServerKind kind, out PipelineScenario scenario, out double seconds, out long? calls)
    {
        scenario = null!;
        seconds = 0;
        calls = null;
        kind = default;
        if (args.Length is not (4 or 5)
            || !ServerKinds.TryParse(args[1], out kind)
            || PipelineScenario.Named(args[2]) is not { } named)
        {
            return false;
        }

        scenario = named;
        if (args.Length == 5)
        {
            if (args[3] != "--calls" || !long.TryParse(args[4], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxCalls)
            {
                return false;
            }

            calls = n;
            return true;
        }

        return double.TryParse(args[3], CultureInfo.InvariantCulture, out seconds) && seconds is > 0 and <= 3600;
    }
}
