using System.Diagnostics;
using Grpc.Core;

namespace ProdStock.Bench;

/// <summary>
/// Drives one run: N connections × M closed-loop callers against one server, a warm-up, then a timed window between
/// two snapshots of the server (CPU time, allocations). Every successful call is recorded with its end time and
/// latency; the window's calls are those that ended between the snapshots. Every failed call is counted by status,
/// in the warm-up and the window alike.
/// </summary>
internal static class LoadRun
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static async Task<RunResult> RunAsync(
        Scenario scenario, ServerProcess server, BenchSettings settings, int round, int order, CertificateSet certificates, CancellationToken abort)
    {
        var channels = settings.Channels ?? scenario.DefaultChannels;
        var callersPerChannel = settings.Callers ?? scenario.DefaultCallers;
        await using var target = await scenario.ConnectAsync(server, channels, certificates, settings, abort).ConfigureAwait(false);

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
                var channel = c;
                var index = (c * callersPerChannel) + m;
                callers.Add(Task.Run(() => target.RunCallerAsync(channel, index, recorder, stopping, stop.Token), CancellationToken.None));
            }
        }

        var clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        ServerSnapshot first, last;
        TimeSpan clientCpu1;
        try
        {
            await Task.Delay(settings.Warmup, abort).ConfigureAwait(false);
            first = await server.SnapshotAsync(abort).ConfigureAwait(false);
            clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(settings.Duration, abort).ConfigureAwait(false);
            last = await server.SnapshotAsync(abort).ConfigureAwait(false);
            clientCpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        }
        finally
        {
            stopping.Set();
            var all = Task.WhenAll(callers);
            if (await Task.WhenAny(all, Task.Delay(DrainTimeout, CancellationToken.None)).ConfigureAwait(false) != all)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false);
            }
        }

        var hung = callers.Count(task => !task.IsCompleted);
        var faulted = callers.Where(task => task.IsFaulted).Select(task => task.Exception!.GetBaseException()).ToList();
        return RunResult.From(scenario, server, round, order, channels, callersPerChannel, recorders, first, last, clientCpu1 - clientCpu0, hung, faulted);
    }

    /// <summary>
    /// Before any measured run: loads one server with every selected scenario at once (one connection each, half the
    /// callers, plus one caller per scenario that keeps opening and closing connections and calls) until its JIT has settled (no more than <see cref="SettledJitMethods"/> methods compiled in each of
    /// <see cref="QuietIntervals"/> consecutive 2 s intervals, after at least <paramref name="minimum"/>, at most <paramref name="maximum"/>). On one
    /// core, tiered compilation of a busy server takes tens of seconds to reach its steady state (it compiles in waves,
    /// hence three quiet intervals in a row); without this the first runs would measure the JIT.
    /// </summary>
    public static async Task<PreheatResult> PreheatAsync(
        IReadOnlyList<Scenario> scenarios, ServerProcess server, BenchSettings settings, CertificateSet certificates, TimeSpan minimum, TimeSpan maximum, CancellationToken abort)
    {
        var targets = new List<ScenarioTarget>();
        var recorders = new List<CallRecorder>();
        var callers = new List<Task>();
        var stopping = new StopSignal();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var clock = Stopwatch.StartNew();
        var start = await server.SnapshotAsync(abort).ConfigureAwait(false);
        var previous = start;
        var quiet = 0;
        try
        {
            foreach (var scenario in scenarios.Where(s => s.BothServers || server.RestPort is not null))
            {
                var target = await scenario.ConnectAsync(server, 1, certificates, settings, abort).ConfigureAwait(false);
                targets.Add(target);
                var count = Math.Max(1, (settings.Callers ?? scenario.DefaultCallers) / 2);
                for (var i = 0; i < count; i++)
                {
                    var recorder = new CallRecorder();
                    recorders.Add(recorder);
                    var index = i;
                    callers.Add(Task.Run(() => target.RunCallerAsync(0, index, recorder, stopping, stop.Token), CancellationToken.None));
                }

                var churn = new CallRecorder();
                recorders.Add(churn);
                callers.Add(Task.Run(() => ChurnAsync(scenario, server, settings, certificates, churn, stopping, stop.Token), CancellationToken.None));
            }

            while (clock.Elapsed < maximum)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), abort).ConfigureAwait(false);
                var now = await server.SnapshotAsync(abort).ConfigureAwait(false);
                quiet = now.Stats.JitMethods - previous.Stats.JitMethods <= SettledJitMethods ? quiet + 1 : 0;
                previous = now;
                if (quiet >= QuietIntervals && clock.Elapsed >= minimum)
                {
                    break;
                }
            }
        }
        finally
        {
            stopping.Set();
            var all = Task.WhenAll(callers);
            if (await Task.WhenAny(all, Task.Delay(DrainTimeout, CancellationToken.None)).ConfigureAwait(false) != all)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false);
            }

            foreach (var target in targets)
            {
                await target.DisposeAsync().ConfigureAwait(false);
            }
        }

        var errors = new Dictionary<string, int>();
        foreach (var (kind, count) in recorders.SelectMany(r => r.Errors))
        {
            errors[kind] = errors.GetValueOrDefault(kind) + count;
        }

        return new PreheatResult(server.Label, clock.Elapsed.TotalSeconds, previous.Stats.JitMethods - start.Stats.JitMethods, quiet >= QuietIntervals, recorders.Sum(r => (long)r.Ends.Count), errors);
    }

    /// <summary>
    /// During warm-up, opens a connection (and with it a call of a streaming scenario), calls for a moment and closes it,
    /// over and over: the steady callers keep their connections and duplex calls for the whole warm-up, but every
    /// measured run opens new ones, so the code that sets up connections and calls must be compiled by then too.
    /// </summary>
    private static async Task ChurnAsync(
        Scenario scenario, ServerProcess server, BenchSettings settings, CertificateSet certificates, CallRecorder recorder, StopSignal stopping, CancellationToken cancellationToken)
    {
        while (!stopping.IsSet && !cancellationToken.IsCancellationRequested)
        {
            await using var target = await scenario.ConnectAsync(server, 1, certificates, settings, cancellationToken).ConfigureAwait(false);
            var briefly = new StopSignal();
            var caller = target.RunCallerAsync(0, 0, recorder, briefly, cancellationToken);
            await Task.Delay(ChurnPeriod, cancellationToken).ConfigureAwait(false);
            briefly.Set();
            await caller.ConfigureAwait(false);
        }
    }

    /// <summary>How long each warm-up connection of <see cref="ChurnAsync"/> is used before it is closed.</summary>
    private static readonly TimeSpan ChurnPeriod = TimeSpan.FromMilliseconds(150);

    /// <summary>JIT compilations per 2 s below which a server counts as warmed up.</summary>
    public const int SettledJitMethods = 10;

    /// <summary>How many 2 s intervals in a row must be quiet.</summary>
    public const int QuietIntervals = 3;

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
        RestStatusException rest => $"HTTP {(int)rest.Status}",
        HttpRequestException http => $"HttpRequestException({http.HttpRequestError})",
        TaskCanceledException => "ClientTimeout",
        _ when exception.InnerException is RpcException inner => inner.StatusCode.ToString(),
        _ => exception.GetType().Name,
    };
}

/// <summary>How the warming up of one server went (its errors are reported, but no call of it is measured).</summary>
internal sealed record PreheatResult(string Server, double Seconds, long JitMethods, bool Settled, long Calls, IReadOnlyDictionary<string, int> Errors);

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

/// <summary>A response that does not say what the request asked (wrong id, wrong number of users): counted as an error.</summary>
internal sealed class BadResponseException(string message) : Exception(message);

/// <summary>A REST answer other than 200.</summary>
internal sealed class RestStatusException(System.Net.HttpStatusCode status) : Exception($"HTTP {(int)status} {status}")
{
    public System.Net.HttpStatusCode Status { get; } = status;
}

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
    int ServerThreadsOffCpu)
{
    public static RunResult From(
        Scenario scenario, ServerProcess server, int round, int order, int channels, int callersPerChannel, List<CallRecorder> recorders,
        ServerSnapshot first, ServerSnapshot last, TimeSpan clientCpu, int hungCallers, List<Exception> faulted)
    {
        var window = Stopwatch.GetElapsedTime(first.Timestamp, last.Timestamp);
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

        var errors = new Dictionary<string, int>();
        var samples = new Dictionary<string, string>();
        foreach (var recorder in recorders)
        {
            foreach (var (kind, count) in recorder.Errors)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }

            foreach (var (kind, sample) in recorder.ErrorSamples)
            {
                samples.TryAdd(kind, sample);
            }
        }

        if (hungCallers > 0)
        {
            errors["CallerDidNotStop"] = hungCallers;
        }

        foreach (var exception in faulted)
        {
            var kind = "CallerCrashed:" + exception.GetType().Name;
            errors[kind] = errors.GetValueOrDefault(kind) + 1;
            samples.TryAdd(kind, exception.Message);
        }

        latencies.Sort();
        var calls = latencies.Count;
        var errorCount = errors.Values.Sum(count => (long)count);
        var cpu = (last.CpuTime - first.CpuTime).TotalSeconds;
        var allocated = last.Stats.AllocatedBytes - first.Stats.AllocatedBytes;
        return new RunResult(
            scenario.Name,
            server.Label,
            round,
            order,
            channels,
            callersPerChannel,
            window.TotalSeconds,
            calls,
            errorCount,
            errors,
            samples,
            errorCount == 0 && calls > 0 ? calls / window.TotalSeconds : null,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            Percentile(latencies, 0.999),
            calls == 0 ? double.NaN : latencies.Average() * 1000.0 / Stopwatch.Frequency,
            cpu,
            cpu / window.TotalSeconds,
            calls > 0 ? cpu * 1e6 / calls : null,
            allocated,
            calls > 0 ? (double)allocated / calls : null,
            last.Stats.Gen0 - first.Stats.Gen0,
            last.Stats.Gen1 - first.Stats.Gen1,
            last.Stats.Gen2 - first.Stats.Gen2,
            last.Stats.PauseMs - first.Stats.PauseMs,
            clientCpu.TotalSeconds / window.TotalSeconds,
            last.Stats.JitMethods - first.Stats.JitMethods,
            last.Stats.GcMode,
            last.Stats.ProcessorCount,
            0);
    }

    /// <summary>The q-quantile (nearest rank) of sorted Stopwatch ticks, in milliseconds.</summary>
    private static double Percentile(List<long> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
