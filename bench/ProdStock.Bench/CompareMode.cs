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
/// <c>--compare store</c>: the same host on the memory engine, A on SQLite; <c>--compare telemetry</c>: the same host
/// with telemetry off, A with it on, both on the same store), scenario by scenario in alternating rounds.
/// </summary>
internal static class CompareMode
{
    public static async Task RunAsync(Session session)
    {
        var settings = session.Settings;
        var abort = session.Abort;
        var cases = settings.Scenarios.Select(Scenario.For).SelectMany(scenario =>
        {
            var (channels, callers) = scenario.Defaults(settings.BIsHost);
            return (settings.Callers.Count > 0 ? settings.Callers : [callers])
                .Select(count => new Case(scenario, settings.Channels ?? channels, count, !scenario.HostOnly || settings.BIsHost));
        }).ToList();
        var servers = cases.Sum(c => c.OnB ? 2 : 1);
        var minutes = ((servers * settings.Rounds * (settings.Warmup + settings.Duration + TimeSpan.FromSeconds(1))) + (servers * settings.ScenarioWarmup) + (2 * settings.Preheat)).TotalMinutes + 0.3;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"--compare {settings.Compare}: {string.Join(", ", cases)}; {settings.Rounds} round(s) of {settings.Warmup.TotalSeconds:0.#} + {settings.Duration.TotalSeconds:0.#} s; {settings.Products:#,0} demo products; about {minutes:0.0} min"));

        var a = session.Start("A", contractFirst: false, settings.CompareStore ? "sqlite" : settings.Store, rest: true);
        var b = session.Start("B", contractFirst: !settings.BIsHost, settings.CompareStore ? "memory" : settings.Store, rest: settings.BIsHost,
            telemetry: !settings.CompareTelemetry);
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
        var (targetA, targetB) = (Target.Of(a), Target.Of(b));
        var preheats = new List<PreheatResult>
        {
            await PreheatAsync(session, targetA, cases),
            await PreheatAsync(session, targetB, cases.Where(c => c.OnB)),
        };
        var results = await RunRoundsAsync(session, cases, c => c.OnB ? [targetA, targetB] : [targetA]);

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

    /// <summary>A fixed warm-up, unmeasured, with every scenario of <paramref name="cases"/> at once, so the JIT has tiered up the code the rounds run.</summary>
    public static async Task<PreheatResult> PreheatAsync(Session session, Target target, IEnumerable<Case> cases)
    {
        var (settings, abort) = (session.Settings, session.Abort);
        session.Affinity.PinSelf();
        var before = await target.SnapshotAsync(abort);
        var runs = await Task.WhenAll(cases.OrderByDescending(c => c.Channels * c.Callers).DistinctBy(c => c.Scenario.Name).Select(c =>
            LoadRun.RunAsync(c.Scenario, target, settings with { Warmup = TimeSpan.Zero, Duration = settings.Preheat }, c.Channels, c.Callers, 0, 0, session.Certificates, abort)));
        var preheat = new PreheatResult(target.Label, settings.Preheat.TotalSeconds, (await target.SnapshotAsync(abort)).Stats.JitMethods - before.Stats.JitMethods,
            runs.Sum(r => r.Calls), LoadRun.Sum(runs.SelectMany(r => r.ErrorsByStatus)));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warmed up {target.Label}: {preheat.Seconds:0} s, all scenarios at once, {preheat.Calls:#,0} calls, {preheat.JitMethods:#,0} methods compiled{string.Concat(preheat.Errors.Select(e => $"; ERRORS {e.Key} {e.Value}"))}"));
        return preheat;
    }

    /// <summary>
    /// Each case in turn: every target runs it once unmeasured (<see cref="BenchSettings.ScenarioWarmup"/>), then
    /// <see cref="BenchSettings.Rounds"/> measured rounds. The order of the targets rotates by round and by case (A B,
    /// B A, …; A B C, B C A, C A B, …), so each target goes first as often.
    /// </summary>
    public static async Task<List<RunResult>> RunRoundsAsync(Session session, IReadOnlyList<Case> cases, Func<Case, IReadOnlyList<Target>> targetsOf)
    {
        var (settings, abort) = (session.Settings, session.Abort);
        var total = cases.Sum(c => targetsOf(c).Count) * settings.Rounds;
        var results = new List<RunResult>();
        for (var index = 0; index < cases.Count; index++)
        {
            var (scenario, channels, callers, _) = cases[index];
            var targets = targetsOf(cases[index]);
            IEnumerable<Target> Order(int round) => targets.Skip((index + round) % targets.Count).Concat(targets.Take((index + round) % targets.Count));
            foreach (var target in settings.ScenarioWarmup > TimeSpan.Zero ? Order(0) : [])
            {
                session.Affinity.PinSelf();
                var warmup = await LoadRun.RunAsync(scenario, target, settings with { Warmup = TimeSpan.Zero, Duration = settings.ScenarioWarmup }, channels, callers, 0, 0, session.Certificates, abort);
                Console.Error.WriteLine($"      {cases[index],-22} {target.Label} warm-up: {warmup.Calls:#,0} calls, {warmup.Errors} errors, {warmup.ServerJitMethods} JIT (not measured)");
            }

            for (var round = 0; round < settings.Rounds; round++)
            {
                var position = 0;
                foreach (var target in Order(round))
                {
                    if (target.HasExited)
                    {
                        throw new InvalidOperationException($"server {target.Label} exited during the benchmark:{Environment.NewLine}{target.RecentOutput()}");
                    }

                    session.Affinity.PinSelf();
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    await Task.Delay(500, abort);
                    var result = await LoadRun.RunAsync(scenario, target, settings, channels, callers, round + 1, ++position, session.Certificates, abort);
                    results.Add(result);
                    Console.Error.WriteLine($"[{results.Count}/{total}] {cases[index],-22} {target.Label} round {round + 1}: {Describe(result)}");
                    foreach (var (kind, sample) in result.ErrorSamples)
                    {
                        Console.Error.WriteLine($"      {kind}: {sample}");
                    }
                }
            }
        }

        return results;
    }

    public static string Describe(RunResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{(r.Errors > 0 ? $"ERRORS {r.Errors} ({string.Join(", ", r.ErrorsByStatus.Select(e => $"{e.Key} {e.Value}"))})" : $"{r.CallsPerSecond,9:#,0} calls/s")} p50 {r.P50Ms:0.00} p99 {r.P99Ms:0.00} ms; " +
        $"server CPU {r.ServerCpuUtilization:P0}, {r.ServerCpuMicrosecondsPerCall:0.0} µs/call, {r.ServerBytesPerCall:#,0} B/call, {r.ServerJitMethods} JIT; load gen CPU {r.LoadGeneratorCpuUtilization:P0}");
}
