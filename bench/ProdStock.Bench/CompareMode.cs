using System.Globalization;
using ProdStock.Contracts;

namespace ProdStock.Bench;

/// <summary>One row of the table: a scenario at one concurrency, on A and, unless B lacks the endpoint, on B.</summary>
internal sealed record Case(Scenario Scenario, int Channels, int Callers, bool OnB)
{
    public override string ToString() => $"{Scenario.Name} {Channels}×{Callers}{(OnB ? "" : " (A only)")}";
}

/// <summary>
/// Server A (the host) against server B (<c>--compare contract-first</c>: the contract-first server on the same store;
/// <c>--compare store</c>: the same host on the memory engine, A on SQLite), scenario by scenario in alternating rounds.
/// </summary>
internal static class CompareMode
{
    public static async Task RunAsync(Session session)
    {
        var settings = session.Settings;
        var abort = session.Abort;
        var cases = settings.Scenarios.Select(Scenario.For).SelectMany(scenario =>
        {
            var (channels, callers) = scenario.Defaults(settings.CompareStore);
            return (settings.Callers.Count > 0 ? settings.Callers : [callers])
                .Select(count => new Case(scenario, settings.Channels ?? channels, count, !scenario.HostOnly || settings.CompareStore));
        }).ToList();
        var servers = cases.Sum(c => c.OnB ? 2 : 1);
        var minutes = ((servers * settings.Rounds * (settings.Warmup + settings.Duration + TimeSpan.FromSeconds(1))) + (servers * settings.ScenarioWarmup) + (2 * settings.Preheat)).TotalMinutes + 0.3;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"--compare {settings.Compare}: {string.Join(", ", cases)}; {settings.Rounds} round(s) of {settings.Warmup.TotalSeconds:0.#} + {settings.Duration.TotalSeconds:0.#} s; {settings.Products:#,0} demo products; about {minutes:0.0} min"));

        var a = session.Start("A", contractFirst: false, settings.CompareStore ? "sqlite" : settings.Store, rest: true);
        var b = session.Start("B", contractFirst: !settings.CompareStore, settings.CompareStore ? "memory" : settings.Store, rest: settings.CompareStore);
        await Task.WhenAll(a.WaitUntilReadyAsync(session.ReadyTimeout, abort), b.WaitUntilReadyAsync(session.ReadyTimeout, abort));
        var (stockA, stockB) = ((await session.AskAsync(a, 1, ProdAreas.B)).ProdStock, (await session.AskAsync(b, 1, ProdAreas.B)).ProdStock);
        if (stockA != stockB)
        {
            throw new InvalidOperationException($"the servers disagree: product 1 in area B has stock {stockA} on A and {stockB} on B");
        }

        foreach (var server in new[] { a, b })
        {
            Console.Error.WriteLine($"{server.Label} = {server.Description}: pid {server.Pid}, ready after {server.StartupTime.TotalSeconds:0.0} s; {server.ReadModelLoaded}");
        }

        var loadBefore = MachineInfo.LoadAverage();
        var preheats = new List<PreheatResult>();
        foreach (var server in new[] { a, b })
        {
            // A fixed warm-up with every scenario at once, so the JIT has tiered up the code the rounds run.
            session.Affinity.PinSelf();
            var before = await server.SnapshotAsync(abort);
            var runs = await Task.WhenAll(cases.Where(c => server == a || c.OnB).OrderByDescending(c => c.Channels * c.Callers).DistinctBy(c => c.Scenario.Name).Select(c =>
                LoadRun.RunAsync(c.Scenario, server, settings with { Warmup = TimeSpan.Zero, Duration = settings.Preheat }, c.Channels, c.Callers, 0, 0, session.Certificates, abort)));
            var preheat = new PreheatResult(server.Label, settings.Preheat.TotalSeconds, (await server.SnapshotAsync(abort)).Stats.JitMethods - before.Stats.JitMethods,
                runs.Sum(r => r.Calls), LoadRun.Sum(runs.SelectMany(r => r.ErrorsByStatus)));
            preheats.Add(preheat);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warmed up {server.Label}: {preheat.Seconds:0} s, all scenarios at once, {preheat.Calls:#,0} calls, {preheat.JitMethods:#,0} methods compiled{string.Concat(preheat.Errors.Select(e => $"; ERRORS {e.Key} {e.Value}"))}"));
        }

        var results = new List<RunResult>();
        for (var index = 0; index < cases.Count; index++)
        {
            var (scenario, channels, callers, onB) = cases[index];

            // The rounds alternate which server goes first (A B, B A, …) and so do the cases: each server goes first as often.
            ServerProcess[] Order(int round) => !onB ? [a] : (index + round) % 2 == 0 ? [a, b] : [b, a];
            foreach (var server in settings.ScenarioWarmup > TimeSpan.Zero ? Order(0) : [])
            {
                session.Affinity.PinSelf();
                var warmup = await LoadRun.RunAsync(scenario, server, settings with { Warmup = TimeSpan.Zero, Duration = settings.ScenarioWarmup }, channels, callers, 0, 0, session.Certificates, abort);
                Console.Error.WriteLine($"      {cases[index],-22} {server.Label} warm-up: {warmup.Calls:#,0} calls, {warmup.Errors} errors, {warmup.ServerJitMethods} JIT (not measured)");
            }

            for (var round = 0; round < settings.Rounds; round++)
            {
                var order = Order(round);
                for (var position = 0; position < order.Length; position++)
                {
                    var server = order[position];
                    if (server.HasExited)
                    {
                        throw new InvalidOperationException($"server {server.Label} exited during the benchmark:{Environment.NewLine}{server.RecentOutput()}");
                    }

                    session.Affinity.PinSelf();
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    await Task.Delay(500, abort);
                    var result = await LoadRun.RunAsync(scenario, server, settings, channels, callers, round + 1, position + 1, session.Certificates, abort);
                    results.Add(result);
                    Console.Error.WriteLine($"[{results.Count}/{servers * settings.Rounds}] {cases[index],-22} {server.Label} round {round + 1}: {Describe(result)}");
                    foreach (var (kind, sample) in result.ErrorSamples)
                    {
                        Console.Error.WriteLine($"      {kind}: {sample}");
                    }
                }
            }
        }

        var report = new BenchReport(
            session.Started, DateTimeOffset.UtcNow, session.Clock.Elapsed.TotalSeconds, session.Machine, loadBefore, MachineInfo.LoadAverage(), settings, session.Affinity.Reason,
            [await ServerInfo.OfAsync(a, abort), await ServerInfo.OfAsync(b, abort)],
            BenchReport.Summarize(results, cases), preheats, results,
            "dotnet run -c Release --project bench/ProdStock.Bench -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        var markdown = MarkdownReport.Write(report);
        Console.WriteLine();
        Console.WriteLine(markdown);
        await session.SaveAsync(settings.Compare, report, markdown);
    }

    public static string Describe(RunResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{(r.Errors > 0 ? $"ERRORS {r.Errors} ({string.Join(", ", r.ErrorsByStatus.Select(e => $"{e.Key} {e.Value}"))})" : $"{r.CallsPerSecond,9:#,0} calls/s")} p50 {r.P50Ms:0.00} p99 {r.P99Ms:0.00} ms; " +
        $"server CPU {r.ServerCpuUtilization:P0}, {r.ServerCpuMicrosecondsPerCall:0.0} µs/call, {r.ServerBytesPerCall:#,0} B/call, {r.ServerJitMethods} JIT; load gen CPU {r.LoadGeneratorCpuUtilization:P0}");
}
