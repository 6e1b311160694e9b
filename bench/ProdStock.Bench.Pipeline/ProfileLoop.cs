using System.Diagnostics;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// <c>loop SERVER SCENARIO SECONDS</c>: calls one scenario on one server for a while with nothing else running, for a
/// profiler to watch (e.g. <c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>, or <c>dotnet-trace</c>). It checks
/// the answers first, then prints the calls made and the time per call (not a measurement: BenchmarkDotNet's are).
/// </summary>
internal static class ProfileLoop
{
    public const string Usage = "usage: loop A|B unary|server-stream|client-stream|duplex SECONDS";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 4
            || !Enum.TryParse<ServerKind>(args[1], ignoreCase: false, out var kind)
            || PipelineScenario.Named(args[2]) is not { } scenario
            || !double.TryParse(args[3], System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 3600)
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("prodstock-pipeline-loop-");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await using var server = await PipelineServer.StartAsync(kind, folder.FullName, PipelineBenchmarks.StreamBatchSize, timeout.Token).ConfigureAwait(false);
            var stream = server.OpenStream();
            await scenario.CheckAllAsync(stream).ConfigureAwait(false);
            await output.WriteLineAsync($"pid {Environment.ProcessId}: {kind} {scenario.Name} for {seconds} s").ConfigureAwait(false);
            var calls = 0L;
            var started = Stopwatch.GetTimestamp();
            var until = started + (long)(seconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                for (var i = 0; i < 100; i++)
                {
                    await scenario.SendNextAsync(stream).ConfigureAwait(false);
                }

                calls += 100;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            await output.WriteLineAsync($"{calls} calls, {elapsed.TotalMicroseconds / calls:F3} µs per call").ConfigureAwait(false);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
