using System.Globalization;
using System.Net.Sockets;
using System.Runtime;
using System.Text;

/// <summary>
/// Loaded by the runtime before <c>Main</c> when its path is in <c>DOTNET_STARTUP_HOOKS</c> (the type must be named
/// <c>StartupHook</c>, in no namespace). When <c>PRODSTOCK_BENCH_STATS_SOCKET</c> names a path, a background thread
/// listens there on a Unix domain socket and answers every connection with one line of JSON:
/// <c>{"allocatedBytes":…,"gen0":…,"gen1":…,"gen2":…,"pauseMs":…,"serverGc":…,"latencyMode":"…","jitMethods":…,"processorCount":…,…}</c>.
/// When <c>PRODSTOCK_BENCH_EXIT_ON_STDIN_EOF</c> is <c>1</c>, another background thread ends the process once its
/// standard input closes: the benchmark holds the other end, so a server never outlives a benchmark that was killed.
/// Nothing runs on the request path; the threads sleep in blocking calls.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var socketPath = Environment.GetEnvironmentVariable("PRODSTOCK_BENCH_STATS_SOCKET");
        if (!string.IsNullOrEmpty(socketPath))
        {
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            if (File.Exists(socketPath))
            {
                File.Delete(socketPath);
            }

            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(4);
            StartThread("prodstock-bench-stats", () => Serve(listener));
        }

        if (Environment.GetEnvironmentVariable("PRODSTOCK_BENCH_EXIT_ON_STDIN_EOF") == "1")
        {
            StartThread("prodstock-bench-watchdog", ExitWhenStandardInputCloses);
        }
    }

    private static void StartThread(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
    }

    private static void Serve(Socket listener)
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = listener.Accept();
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            try
            {
                using (connection)
                {
                    // The GC counters are read first, so the answer's own allocations are not in this sample.
                    var json = Snapshot();
                    connection.Send(Encoding.UTF8.GetBytes(json + "\n"));
                    connection.Shutdown(SocketShutdown.Both);
                }
            }
            catch (SocketException)
            {
                // The benchmark went away mid-answer; keep serving.
            }
        }
    }

    private static string Snapshot()
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration().TotalMilliseconds;
        var concurrent = AppContext.TryGetSwitch("System.GC.Concurrent", out var on) ? on : (bool?)null;
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        var jitTime = System.Runtime.JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds;
        var info = GC.GetGCMemoryInfo();
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"allocatedBytes\":{allocated},\"gen0\":{gen0},\"gen1\":{gen1},\"gen2\":{gen2},\"pauseMs\":{pause:0.###}," +
            $"\"serverGc\":{(GCSettings.IsServerGC ? "true" : "false")},\"latencyMode\":\"{GCSettings.LatencyMode}\"," +
            $"\"concurrentSetting\":{(concurrent is null ? "null" : concurrent.Value ? "true" : "false")}," +
            $"\"jitMethods\":{jitMethods},\"jitMs\":{jitTime:0.###}," +
            $"\"heapBytes\":{info.HeapSizeBytes},\"processorCount\":{Environment.ProcessorCount},\"threads\":{ThreadPool.ThreadCount}," +
            $"\"runtime\":\"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}\"}}");
    }

    private static void ExitWhenStandardInputCloses()
    {
        try
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[64];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (IOException)
        {
        }

        Environment.Exit(3);
    }
}
