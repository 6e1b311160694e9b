using System.Diagnostics;
using Grpc.Core;

namespace ProdStock.Bench;

/// <summary>
/// Drives one run: N connections × M closed-loop callers against one target (a server, or hosts sharing a database), a
/// warm-up, then a timed window between two snapshots of the target (CPU time, allocations). The window's calls are
/// those that ended between the snapshots; every failed call is counted by kind, in the warm-up and the window alike.
/// </summary>
internal static class LoadRun
{
    public static async Task<RunResult> RunAsync(
        Scenario scenario, Target target, BenchSettings settings, int channels, int callersPerChannel, int round, int order, CertificateSet certificates, CancellationToken abort)
    {
        using var connections = scenario.Connect(target, channels, certificates, settings);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var stopping = new StopSignal();
        var recorders = new List<CallRecorder>();
        var callers = new List<Task>();
        for (var c = 0; c < channels; c++)
        {
            for (var m = 0; m < callersPerChannel; m++)
            {
                var recorder = new CallRecorder();
                recorders.Add(recorder);
                var (channel, index) = (c, (c * callersPerChannel) + m);
                callers.Add(Task.Run(() => connections.RunCallerAsync(channel, index, recorder, stopping, stop.Token), CancellationToken.None));
            }
        }

        ServerSnapshot first, last;
        TimeSpan clientCpu0, clientCpu1;
        try
        {
            await Task.Delay(settings.Warmup, abort).ConfigureAwait(false);
            first = await target.SnapshotAsync(abort).ConfigureAwait(false);
            clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(settings.Duration, abort).ConfigureAwait(false);
            last = await target.SnapshotAsync(abort).ConfigureAwait(false);
            clientCpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        }
        finally
        {
            stopping.Set();
            var all = Task.WhenAll(callers);
            if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None)).ConfigureAwait(false) != all)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false);
            }
        }

        var hung = callers.Count(task => !task.IsCompleted);
        var faulted = callers.Where(task => task.IsFaulted).Select(task => task.Exception!.GetBaseException()).ToList();
        return RunResult.From(scenario, target, round, order, channels, callersPerChannel, recorders, first, last, clientCpu1 - clientCpu0, hung, faulted);
    }

    /// <summary>One closed-loop caller doing a single operation per call until the run stops.</summary>
    public static async Task ClosedLoopAsync(Func<int, CancellationToken, Task> call, int callerIndex, CallRecorder recorder, StopSignal stopping, CancellationToken cancellationToken)
    {
        var sequence = callerIndex * 7919;
        while (!stopping.IsSet && !cancellationToken.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await call(sequence++, cancellationToken).ConfigureAwait(false);
                recorder.Success(start, Stopwatch.GetTimestamp());
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                recorder.Failure(ex);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public static string Classify(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode.ToString(),
        BadResponseException => "BadResponse",
        HttpRequestException http => $"HttpRequestException({http.HttpRequestError})",
        TaskCanceledException => "ClientTimeout",
        _ when exception.InnerException is RpcException inner => inner.StatusCode.ToString(),
        _ => exception.GetType().Name,
    };

    public static Dictionary<string, int> Sum(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var sum = new Dictionary<string, int>();
        foreach (var (kind, count) in counts)
        {
            sum[kind] = sum.GetValueOrDefault(kind) + count;
        }

        return sum;
    }
}

/// <summary>Set once the timed window is over: callers finish the call they are in and stop.</summary>
internal sealed class StopSignal
{
    private volatile bool _set;

    public bool IsSet => _set;

    public void Set() => _set = true;
}

/// <summary>One caller's record (no sharing between callers): end timestamps and latencies of successes, failures by kind.</summary>
internal sealed class CallRecorder
{
    public List<long> Ends { get; } = new(16_384);

    public List<long> Latencies { get; } = new(16_384);

    public Dictionary<string, int> Errors { get; } = [];

    public Dictionary<string, string> ErrorSamples { get; } = [];

    public void Success(long start, long end)
    {
        Ends.Add(end);
        Latencies.Add(end - start);
    }

    public void Failure(Exception exception)
    {
        var kind = LoadRun.Classify(exception);
        Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
        ErrorSamples.TryAdd(kind, exception.Message.Length > 300 ? exception.Message[..300] : exception.Message);
    }
}

/// <summary>A response that does not say what the request asked (wrong id, wrong number of users, HTTP status): an error.</summary>
internal sealed class BadResponseException(string message) : Exception(message);

/// <summary>The measurements of one run.</summary>
internal sealed record RunResult(
    string Scenario,
    string Server,
    int Round,
    int Order,
    int Channels,
    int CallersPerChannel,
    double WindowSeconds,
    long Calls,
    long Errors,
    IReadOnlyDictionary<string, int> ErrorsByStatus,
    IReadOnlyDictionary<string, string> ErrorSamples,
    double? CallsPerSecond,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MeanMs,
    double ServerCpuSeconds,
    double ServerCpuUtilization,
    double? ServerCpuMicrosecondsPerCall,
    long ServerAllocatedBytes,
    double? ServerBytesPerCall,
    int ServerGen0,
    int ServerGen1,
    int ServerGen2,
    double ServerGcPauseMs,
    double LoadGeneratorCpuUtilization,
    long ServerJitMethods,
    string ServerGcMode,
    int ServerProcessorCount,
    double? DatabaseCpuUtilization = null,
    double? DatabaseCpuMicrosecondsPerCall = null)
{
    public static RunResult From(
        Scenario scenario, Target target, int round, int order, int channels, int callersPerChannel, List<CallRecorder> recorders,
        ServerSnapshot first, ServerSnapshot last, TimeSpan clientCpu, int hungCallers, List<Exception> faulted)
    {
        var window = Stopwatch.GetElapsedTime(first.Timestamp, last.Timestamp).TotalSeconds;
        var latencies = new List<long>();
        foreach (var recorder in recorders)
        {
            for (var i = 0; i < recorder.Ends.Count; i++)
            {
                if (recorder.Ends[i] >= first.Timestamp && recorder.Ends[i] < last.Timestamp)
                {
                    latencies.Add(recorder.Latencies[i]);
                }
            }
        }

        var extra = faulted.Select(ex => new KeyValuePair<string, int>("CallerCrashed:" + ex.GetType().Name, 1)).ToList();
        if (hungCallers > 0)
        {
            extra.Add(new("CallerDidNotStop", hungCallers));
        }

        var errors = LoadRun.Sum(recorders.SelectMany(r => r.Errors).Concat(extra));
        var samples = new Dictionary<string, string>();
        foreach (var (kind, sample) in recorders.SelectMany(r => r.ErrorSamples).Concat(faulted.Select(ex => new KeyValuePair<string, string>("CallerCrashed:" + ex.GetType().Name, ex.Message))))
        {
            samples.TryAdd(kind, sample);
        }

        latencies.Sort();
        var calls = latencies.Count;
        var errorCount = errors.Values.Sum(count => (long)count);
        var cpu = (last.CpuTime - first.CpuTime).TotalSeconds;
        var allocated = last.Stats.AllocatedBytes - first.Stats.AllocatedBytes;
        var database = (last.DatabaseCpuTime - first.DatabaseCpuTime)?.TotalSeconds;
        return new RunResult(
            scenario.Name, target.Label, round, order, channels, callersPerChannel, window, calls, errorCount, errors, samples,
            errorCount == 0 && calls > 0 ? calls / window : null,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            Percentile(latencies, 0.999),
            calls == 0 ? double.NaN : latencies.Average() * 1000.0 / Stopwatch.Frequency,
            cpu,
            cpu / window,
            calls > 0 ? cpu * 1e6 / calls : null,
            allocated,
            calls > 0 ? (double)allocated / calls : null,
            last.Stats.Gen0 - first.Stats.Gen0,
            last.Stats.Gen1 - first.Stats.Gen1,
            last.Stats.Gen2 - first.Stats.Gen2,
            last.Stats.PauseMs - first.Stats.PauseMs,
            clientCpu.TotalSeconds / window,
            last.Stats.JitMethods - first.Stats.JitMethods,
            last.Stats.GcMode,
            last.Stats.ProcessorCount,
            database / window,
            calls > 0 ? database * 1e6 / calls : null);
    }

    /// <summary>The q-quantile (nearest rank) of sorted Stopwatch ticks, in milliseconds.</summary>
    private static double Percentile(List<long> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)] * 1000.0 / Stopwatch.Frequency;
}
