using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using ProdStock.Bench;

// The end-to-end benchmark: see bench/README.md.
var settings = BenchSettings.Parse(args, out var usage);
if (settings is null)
{
    Console.Error.WriteLine(usage);
    return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
}

var metadata = typeof(BenchSettings).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? "");
var paths = new[] { "ProdStock.Host", "ProdStock.Bench.ContractFirst", "ProdStock.Bench.StatsHook" }.ToDictionary(name => name, name => metadata.GetValueOrDefault("Path:" + name, ""));
if (paths.Values.FirstOrDefault(path => !File.Exists(path)) is { } missing)
{
    Console.Error.WriteLine($"error: '{missing}' is missing. Run the benchmark with `dotnet run -c Release --project bench/ProdStock.Bench`, which builds the servers first.");
    return 2;
}

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("error: the benchmark reads /proc for CPU time and memory and pins with taskset: it runs on Linux only.");
    return 2;
}

using var abort = new CancellationTokenSource();
var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, context =>
{
    context.Cancel = true;
    Console.Error.WriteLine("interrupted: stopping the servers…");
    abort.Cancel();
})).ToList();
await using var session = new Session(settings, paths, metadata.GetValueOrDefault("RepositoryRoot", Directory.GetCurrentDirectory()), abort.Token);
AppDomain.CurrentDomain.ProcessExit += (_, _) => session.KillAll();
try
{
    await session.InitializeAsync();
    await (settings.Load ? LoadMode.RunAsync(session) : settings.ComparePostgres ? PostgresMode.RunAsync(session) : CompareMode.RunAsync(session));
    return 0;
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    Console.Error.WriteLine("benchmark interrupted; no results written.");
    return 130;
}
catch (Exception ex) when (ex is InvalidOperationException or IOException or SocketException or Grpc.Core.RpcException or HttpRequestException or TimeoutException)
{
    Console.Error.WriteLine($"benchmark failed: {ex.Message}");
    return 1;
}
finally
{
    signals.ForEach(signal => signal.Dispose());
}
