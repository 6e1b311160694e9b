using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ProdStock.Bench;

/// <summary>
/// One server under test: a child process (<c>dotnet server.dll …</c>, pinned by <see cref="Affinity"/>) with the
/// stats hook loaded. Readiness is its "Application started" log line; its CPU time comes from
/// <c>/proc/PID/stat</c> (utime + stime), its memory from <c>/proc/PID/status</c>, its allocations and GC mode from the
/// hook's Unix socket.
/// Stopping closes its standard input (the hook then exits the process), then kills it if it is still there.
/// </summary>
internal sealed class ServerProcess(string label, string description, Process process, string statsSocket, int grpcPort, int? restPort) : IAsyncDisposable
{
    private readonly Process _process = process;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<string> _lastLines = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _readModelLoads;

    public string Label { get; } = label;

    public string Description { get; } = description;

    public string StatsSocket { get; } = statsSocket;

    public int GrpcPort { get; } = grpcPort;

    public int? RestPort { get; } = restPort;

    public int Pid => _process.Id;

    /// <summary>What the server said about its store engine (the contract-first server prints it).</summary>
    public string? StoreEngine { get; private set; }

    /// <summary>The host's "Read model loaded: N products, M user scores in X ms (products ~Y MB)" log line.</summary>
    public string? ReadModelLoaded { get; private set; }

    /// <summary>How often the read model was loaded in full: once at start; PostgreSQL's change feed reloads it when it may have missed a change.</summary>
    public int ReadModelLoads => _readModelLoads;

    /// <summary>From the process start to its "Application started" line.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Time since the process was started.</summary>
    public TimeSpan Age => Stopwatch.GetElapsedTime(_startedAt);

    public Uri GrpcAddress => new($"https://127.0.0.1:{GrpcPort}");

    public string CommandLine => $"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}";

    public static ServerProcess Start(
        string label, string description, string assemblyPath, IReadOnlyList<string> arguments, string hookPath, string statsSocket,
        int grpcPort, int? restPort, Affinity affinity, IReadOnlyDictionary<string, string> environment)
    {
        var (fileName, prefix) = affinity.ServerLauncher(DotnetHost.Path);
        var start = new ProcessStartInfo(fileName, [.. prefix, assemblyPath, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(statsSocket)!,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_STARTUP_HOOKS"] = hookPath;
        start.Environment["PRODSTOCK_BENCH_STATS_SOCKET"] = statsSocket;
        start.Environment["PRODSTOCK_BENCH_EXIT_ON_STDIN_EOF"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(label, description, process, statsSocket, grpcPort, restPort);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._started.TrySetException(new InvalidOperationException(
            $"server {label} exited with code {process.ExitCode} before it was ready:{Environment.NewLine}{server.RecentOutput()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _started.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"server {Label} was not ready within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput()}");
        }

        // The hook's socket exists from before Main; check that it answers.
        _ = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
    }

    public bool HasExited => _process.HasExited;

    public string RecentOutput() => string.Join(Environment.NewLine, _lastLines.Select(line => "  | " + line));

    /// <summary>CPU time, allocations and GC counters now, with the moment (Stopwatch timestamp) they describe.</summary>
    public async Task<ServerSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var before = Stopwatch.GetTimestamp();
        var cpu = ReadCpuTime(Pid);
        var stats = await QueryHookAsync(cancellationToken).ConfigureAwait(false);
        var after = Stopwatch.GetTimestamp();
        return new ServerSnapshot(before + ((after - before) / 2), cpu, stats);
    }

    private async Task<HookStats> QueryHookAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(StatsSocket), timeout.Token).ConfigureAwait(false);
        var buffer = new byte[4096];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return JsonSerializer.Deserialize<HookStats>(Encoding.UTF8.GetString(buffer, 0, length), Json.Options)
            ?? throw new InvalidOperationException($"server {Label}: the stats hook answered nothing");
    }

    /// <summary>User + system CPU time of a process, from <c>/proc/PID/stat</c> (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static TimeSpan ReadCpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / (double)ClockTicksPerSecond);
    }

    /// <summary>USER_HZ: 100 on every Linux architecture .NET runs on.</summary>
    public const int ClockTicksPerSecond = 100;

    /// <summary>A size from <c>/proc/PID/status</c> in MiB: <c>VmRSS</c> (resident now), <c>VmHWM</c> (resident at most).</summary>
    public double MemoryMiB(string field) =>
        long.Parse(MachineInfo.ProcField($"/proc/{Pid}/status", field + ":")?.Split(' ')[0] ?? "0", CultureInfo.InvariantCulture) / 1024.0;

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > 40 && _lastLines.TryDequeue(out _))
        {
        }

        if (line.StartsWith("prodstock-bench: store ", StringComparison.Ordinal))
        {
            StoreEngine = line["prodstock-bench: store ".Length..].Trim();
        }

        if (line.Contains("Read model loaded: ", StringComparison.Ordinal))
        {
            ReadModelLoaded ??= line.Trim();
            Interlocked.Increment(ref _readModelLoads);
        }

        if (line.Contains("Application started", StringComparison.Ordinal) && !_started.Task.IsCompleted)
        {
            StartupTime = Age;
            _started.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The hook ends the process when its standard input closes.
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                }

                using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    using var killed = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _process.WaitForExitAsync(killed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"warning: could not confirm that server {Label} stopped: {ex.Message}");
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Kills the process at once (used from signal handlers, where there is no time for a graceful stop).</summary>
    public void KillNow()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }
}

/// <summary>What the stats hook reports (bench/ProdStock.Bench.StatsHook).</summary>
internal sealed record HookStats(
    long AllocatedBytes, int Gen0, int Gen1, int Gen2, double PauseMs, bool ServerGc, string LatencyMode,
    bool? ConcurrentSetting, long JitMethods, double JitMs, long HeapBytes, int ProcessorCount, int Threads, string Runtime)
{
    public string GcMode => $"{(ServerGc ? "server" : "workstation")} GC, {LatencyMode}{(LatencyMode == "Interactive" ? " (concurrent)" : "")}";
}

/// <summary>A server's (or a target's summed) counters at one moment; <paramref name="DatabaseCpuTime"/> when it writes to the bench's PostgreSQL cluster.</summary>
internal sealed record ServerSnapshot(long Timestamp, TimeSpan CpuTime, HookStats Stats, TimeSpan? DatabaseCpuTime = null);

/// <summary>The <c>dotnet</c> executable that runs this program, to run the servers with the same runtime.</summary>
internal static class DotnetHost
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // …/dotnet/shared/Microsoft.NETCore.App/10.0.x/ → …/dotnet/dotnet
        var runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(runtime, "..", "..", "..", "dotnet"));
        return File.Exists(candidate) ? candidate : Affinity.FindOnPath("dotnet") ?? "dotnet";
    }
}
