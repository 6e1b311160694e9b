using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using ProdStock.Bench;
using ProdStock.ClientSdk;
using ProdStock.Contracts;

// The benchmark: see bench/README.md and the "Performance" section of the repository's README.
var settings = BenchSettings.Parse(args, out var usage);
if (settings is null)
{
    Console.Error.WriteLine(usage);
    return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
}

var metadata = typeof(BenchSettings).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? "");
var hostDll = metadata.GetValueOrDefault("Path:ProdStock.Host", "");
var contractFirstDll = metadata.GetValueOrDefault("Path:ProdStock.Bench.ContractFirst", "");
var hookDll = metadata.GetValueOrDefault("Path:ProdStock.Bench.StatsHook", "");
var repositoryRoot = metadata.GetValueOrDefault("RepositoryRoot", Directory.GetCurrentDirectory());
foreach (var path in new[] { hostDll, contractFirstDll, hookDll })
{
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"error: '{path}' is missing. Run the benchmark with `dotnet run -c Release --project bench/ProdStock.Bench`, which builds both servers first.");
        return 2;
    }
}

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("error: the benchmark reads /proc for CPU time and pins with taskset: it runs on Linux only.");
    return 2;
}

using var abort = new CancellationTokenSource();
var servers = new List<ServerProcess>();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (!abort.IsCancellationRequested)
    {
        Console.Error.WriteLine("interrupted: stopping the servers…");
        abort.Cancel();
    }
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    abort.Cancel();
});
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
{
    context.Cancel = true;
    abort.Cancel();
});
AppDomain.CurrentDomain.ProcessExit += (_, _) =>
{
    // Last resort; the normal path stops them in the finally block below. (A killed benchmark closes their standard
    // input, and the stats hook ends them then.)
    lock (servers)
    {
        foreach (var server in servers)
        {
            server.KillNow();
        }
    }
};

var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var affinity = Affinity.Plan(settings.Pin);
affinity.PinSelf();
var machine = MachineInfo.Collect(repositoryRoot);
var loadBefore = MachineInfo.LoadAverage();
var scenarios = settings.Scenarios.Select(Scenario.For).ToList();
var plannedRuns = scenarios.Sum(s => (s.BothServers ? 2 : 1) * settings.Rounds);
var scenarioWarmups = scenarios.Sum(s => s.BothServers ? 2 : 1) * settings.ScenarioWarmup;
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ProdStock benchmark: {string.Join(", ", settings.Scenarios)}; {settings.Rounds} round(s); {settings.Warmup.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s per run; {plannedRuns} runs after warming up each server for {settings.Preheat.TotalSeconds:0}–{settings.PreheatLimit.TotalSeconds:0} s and each scenario for {settings.ScenarioWarmup.TotalSeconds:0.#} s; about {((plannedRuns * (settings.Warmup + settings.Duration + TimeSpan.FromSeconds(1.2))) + scenarioWarmups + (2 * settings.Preheat) + TimeSpan.FromSeconds(15)).TotalMinutes:0.0} min or more"));
Console.Error.WriteLine($"machine: {machine.CpuModel}, {machine.LogicalCpus} CPUs, load average {loadBefore}; commit {machine.GitCommit[..Math.Min(12, machine.GitCommit.Length)]}{(machine.GitDirty ? " (dirty)" : "")}");
Console.Error.WriteLine($"pinning: {affinity.Reason}");

RemoveAbandonedFolders();
var temp = Directory.CreateTempSubdirectory("prodstock-bench-");
await File.WriteAllTextAsync(Path.Combine(temp.FullName, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
var exitCode = 0;
try
{
    var certificates = new CertificateSet(Path.Combine(temp.FullName, "certs"));
    await RunToolAsync(DotnetHost.Path, [hostDll, "certs", "--out", certificates.Folder], TimeSpan.FromSeconds(60), abort.Token);

    int grpcA = FreePort(), restA = FreePort(), grpcB = FreePort();
    List<string> Common(int port, string database)
    {
        List<string> arguments =
        [
            "--ProdStock:Grpc:Host=127.0.0.1", $"--ProdStock:Grpc:Port={port}",
            $"--ProdStock:Tls:CaCertificatePath={certificates.CaPath}",
            $"--ProdStock:Tls:CertificatePath={certificates.ServerCertificatePath}",
            $"--ProdStock:Tls:KeyPath={certificates.ServerKeyPath}",
            "--ProdStock:Tls:GenerateInDevelopment=false",
            $"--ProdStock:Store:Path={database}", "--ProdStock:Store:SeedDemoData=true",
            $"--ProdStock:Users:StreamBatchSize={settings.StreamBatchSize}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information", "--AllowedHosts=*",
        ];
        if (settings.Store == "memory")
        {
            arguments.Add("--ProdStock:Store:Provider=Memory");
        }

        return arguments;
    }

    var argumentsA = Common(grpcA, Path.Combine(temp.FullName, "a.db"));
    argumentsA.AddRange(["--ProdStock:Rest:Enabled=true", "--ProdStock:Rest:Host=127.0.0.1", $"--ProdStock:Rest:Port={restA}"]);
    var argumentsB = Common(grpcB, Path.Combine(temp.FullName, "b.db"));
    var a = ServerProcess.Start("A", "code-first host (src/Host: protobuf-net.Grpc)", hostDll, argumentsA, hookDll, Path.Combine(temp.FullName, "a.stats"), grpcA, restA, affinity, settings.ServerEnvironment);
    lock (servers)
    {
        servers.Add(a);
    }

    var b = ServerProcess.Start("B", "contract-first Grpc.AspNetCore (Grpc.Tools stubs from protos/services.proto)", contractFirstDll, argumentsB, hookDll, Path.Combine(temp.FullName, "b.stats"), grpcB, null, affinity, settings.ServerEnvironment);
    lock (servers)
    {
        servers.Add(b);
    }

    await Task.WhenAll(a.WaitUntilReadyAsync(abort.Token), b.WaitUntilReadyAsync(abort.Token));
    var stockA = await SmokeAsync(a, certificates, abort.Token);
    var stockB = await SmokeAsync(b, certificates, abort.Token);
    if (stockA != stockB)
    {
        throw new InvalidOperationException($"the servers disagree: product 1 in area B has stock {stockA} on A and {stockB} on B");
    }

    var statsA = (await a.SnapshotAsync(abort.Token)).Stats;
    var statsB = (await b.SnapshotAsync(abort.Token)).Stats;
    Console.Error.WriteLine($"servers ready: A pid {a.Pid} ({statsA.GcMode}, {statsA.ProcessorCount} CPU), B pid {b.Pid} ({statsB.GcMode}, {statsB.ProcessorCount} CPU); store {b.StoreEngine}; both answer stock {stockA} for product 1/B");

    affinity.PinSelf();
    var preheats = new List<PreheatResult>();
    foreach (var server in new[] { a, b })
    {
        var preheat = await LoadRun.PreheatAsync(scenarios, server, settings, certificates, settings.Preheat, settings.PreheatLimit, abort.Token);
        preheats.Add(preheat);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warmed up {server.Label}: {preheat.Seconds:0} s, {preheat.Calls:#,0} calls, {preheat.JitMethods:#,0} methods compiled, JIT {(preheat.Settled ? "settled" : "STILL COMPILING")}{(preheat.Errors.Count > 0 ? "; ERRORS " + string.Join(", ", preheat.Errors.Select(e => $"{e.Key} {e.Value}")) : "")}"));
    }

    var runs = new List<RunResult>();
    var done = 0;
    for (var scenarioIndex = 0; scenarioIndex < scenarios.Count; scenarioIndex++)
    {
        var scenario = scenarios[scenarioIndex];
        ServerProcess[] inTurn = !scenario.BothServers ? [a] : RunOrder.AFirst(scenarioIndex, 0) ? [a, b] : [b, a];
        if (settings.ScenarioWarmup > TimeSpan.Zero)
        {
            // The first runs after a change of scenario cost the server more (10 runs of 2026-11-25: A's round 1, which
            // always came first, 3-10 % more CPU per call than its later rounds), so every server runs the new scenario,
            // unmeasured, before the rounds begin.
            foreach (var server in inTurn)
            {
                affinity.PinSelf();
                var warmup = await LoadRun.RunAsync(scenario, server, settings with { Warmup = TimeSpan.Zero, Duration = settings.ScenarioWarmup }, 0, 0, certificates, abort.Token);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"      {scenario.Name,-13} {server.Label} scenario warm-up: {warmup.Calls:#,0} calls, {warmup.Errors} errors, {warmup.ServerJitMethods} JIT (not measured)"));
            }
        }

        for (var round = 0; round < settings.Rounds; round++)
        {
            ServerProcess[] order = !scenario.BothServers ? [a] : RunOrder.AFirst(scenarioIndex, round) ? [a, b] : [b, a];
            for (var position = 0; position < order.Length; position++)
            {
                var server = order[position];
                if (server.HasExited)
                {
                    throw new InvalidOperationException($"server {server.Label} exited during the benchmark:{Environment.NewLine}{server.RecentOutput()}");
                }

                affinity.PinSelf();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Task.Delay(500, abort.Token);
                var result = await LoadRun.RunAsync(scenario, server, settings, round + 1, position + 1, certificates, abort.Token);
                if (affinity.Enabled)
                {
                    result = result with { ServerThreadsOffCpu = Affinity.ThreadsOutside(server.Pid, affinity.ServerCpus) };
                }

                runs.Add(result);
                done++;
                var outcome = result.Errors > 0
                    ? $"ERRORS {result.Errors} ({string.Join(", ", result.ErrorsByStatus.Select(e => $"{e.Key} {e.Value}"))})"
                    : string.Create(CultureInfo.InvariantCulture, $"{result.CallsPerSecond,9:#,0} calls/s");
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{done}/{plannedRuns}] {scenario.Name,-13} {server.Label} round {round + 1}: {outcome} p50 {result.P50Ms:0.00} p99 {result.P99Ms:0.00} ms; server CPU {result.ServerCpuUtilization:P0}, {result.ServerCpuMicrosecondsPerCall:0.0} µs/call, {result.ServerBytesPerCall:#,0} B/call, {result.ServerJitMethods} JIT; load gen CPU {result.LoadGeneratorCpuUtilization:P0}"));
                foreach (var (kind, sample) in result.ErrorSamples)
                {
                    Console.Error.WriteLine($"      {kind}: {sample}");
                }
            }
        }
    }

    var loadAfter = MachineInfo.LoadAverage();
    var finalA = (await a.SnapshotAsync(abort.Token)).Stats;
    var finalB = (await b.SnapshotAsync(abort.Token)).Stats;
    var report = new BenchReport(
        started,
        DateTimeOffset.UtcNow,
        clock.Elapsed.TotalSeconds,
        machine,
        loadBefore,
        loadAfter,
        settings,
        affinity.Reason + (runs.Any(run => run.ServerThreadsOffCpu > 0) ? $" (warning: some server threads were allowed off CPU {affinity.ServerList})" : ""),
        [
            new ServerInfo("A", a.Description, hostDll, argumentsA, finalA.GcMode, finalA.ProcessorCount, finalA.Runtime, null),
            new ServerInfo("B", b.Description, contractFirstDll, argumentsB, finalB.GcMode, finalB.ProcessorCount, finalB.Runtime, b.StoreEngine),
        ],
        BenchReport.Summarize(runs, scenarios),
        preheats,
        runs,
        "dotnet run -c Release --project bench/ProdStock.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : ""));

    var markdown = MarkdownReport.Write(report);
    Console.WriteLine();
    Console.WriteLine(markdown);

    var folder = settings.OutputFolder ?? Path.Combine(repositoryRoot, "bench", "results");
    Directory.CreateDirectory(folder);
    var stem = Path.Combine(folder, started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + (settings.Quick ? "-quick" : ""));
    await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report, Json.Options), CancellationToken.None);
    await File.WriteAllTextAsync(stem + ".md", markdown, CancellationToken.None);
    Console.Error.WriteLine($"results: {stem}.json and .md ({clock.Elapsed.TotalMinutes:0.0} min)");
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    Console.Error.WriteLine("benchmark interrupted; no results written.");
    exitCode = 130;
}
catch (Exception ex) when (ex is InvalidOperationException or IOException or SocketException or Grpc.Core.RpcException or HttpRequestException or TimeoutException)
{
    Console.Error.WriteLine($"benchmark failed: {ex.Message}");
    exitCode = 1;
}
finally
{
    List<ServerProcess> toStop;
    lock (servers)
    {
        toStop = [.. servers];
        servers.Clear();
    }

    foreach (var server in toStop)
    {
        await server.DisposeAsync();
    }

    try
    {
        temp.Delete(recursive: true);
    }
    catch (IOException ex)
    {
        Console.Error.WriteLine($"warning: could not delete {temp.FullName}: {ex.Message}");
    }
}

return exitCode;

// A benchmark killed outright (SIGKILL) cannot clean up: its servers end themselves (the stats hook sees their
// standard input close), and its temporary folder is removed by the next run.
static void RemoveAbandonedFolders()
{
    foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "prodstock-bench-*"))
    {
        try
        {
            var owner = File.ReadAllText(Path.Combine(folder, "owner.pid")).Trim();
            if (!Directory.Exists($"/proc/{owner}"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task RunToolAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
{
    var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
    var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
    var error = process.StandardError.ReadToEndAsync(cancellationToken);
    using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    bounded.CancelAfter(timeout);
    try
    {
        await process.WaitForExitAsync(bounded.Token);
    }
    catch (OperationCanceledException)
    {
        process.Kill(entireProcessTree: true);
        throw cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : new TimeoutException($"{string.Join(' ', arguments)} took over {timeout.TotalSeconds:0} s");
    }

    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
    }
}

static async Task<int> SmokeAsync(ServerProcess server, CertificateSet certificates, CancellationToken cancellationToken)
{
    using var client = new ProdStockClient(new ProdStockClientOptions
    {
        Address = server.GrpcAddress,
        CaCertificatePath = certificates.CaPath,
        ClientCertificatePath = certificates.ClientCertificatePath,
        ClientKeyPath = certificates.ClientKeyPath,
        DefaultDeadline = TimeSpan.FromSeconds(30),
        RetryReadOnlyCalls = false,
    });
    var response = await client.Products.GetProdStockAsync(
        new ProdRequest { ProdId = 1, ProdArea = ProdAreas.B }, new ProtoBuf.Grpc.CallContext(new Grpc.Core.CallOptions(cancellationToken: cancellationToken)));
    return response.ProdStock;
}
