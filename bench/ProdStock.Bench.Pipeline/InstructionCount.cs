using System.Globalization;
using System.Text;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// <c>instructions [SCENARIO...]</c>: the instructions server A and server B execute per call of each scenario, counted
/// by valgrind (<see cref="CachegrindRun"/>), which unlike a time does not depend on what else the machine is doing. Each
/// server and scenario runs twice, with a short and a long series of calls; the difference of the two totals over the
/// difference of the calls is the steady state's count per call, start-up and JIT compilation cancelled out.
/// </summary>
internal static class InstructionCount
{
    public const string Usage = "usage: instructions [unary|server-stream|client-stream|duplex ...]";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The calls of the short and the long run of a scenario, about 1.2 billion instructions apart (a run's start-up
    /// varies by a few million), and how many operations one call is: a duplex call is counted per round trip.
    /// </summary>
    public static (long Short, long Long, int OperationsPerCall, string Unit) Plan(string scenario) => scenario switch
    {
        "unary" => (2_000, 22_000, 1, "call"),
        "server-stream" => (100, 500, 1, "call (100 users, 50 messages)"),
        "client-stream" => (200, 2_200, 1, "call (10 × 10 users)"),
        "duplex" => (20, 130, PipelineBenchmarks.DuplexRoundTrips, "round trip (10 users)"),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "no such scenario"),
    };

    /// <summary>Instructions per operation in the steady state, from a short and a long run of one server.</summary>
    public static double PerOperation(long shortTotal, long longTotal, (long Short, long Long, int OperationsPerCall, string Unit) plan) =>
        (double)(longTotal - shortTotal) / (plan.Long - plan.Short) / plan.OperationsPerCall;

    /// <summary>Counts, prints a Markdown table and saves the results as JSON under bench/results/pipeline.</summary>
    /// <param name="args">The program's arguments, <c>instructions</c> first.</param>
    /// <param name="valgrind">The valgrind executable; <see langword="null"/> when there is none (an error).</param>
    /// <param name="output">Where the table goes.</param>
    /// <param name="error">Where progress and errors go.</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <returns>The exit code: 0, 1 without valgrind, 2 for bad arguments.</returns>
    public static async Task<int> RunAsync(string[] args, string? valgrind, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var scenarios = args.Length > 1 ? args[1..] : [.. PipelineScenario.Names];
        if (scenarios.FirstOrDefault(s => !PipelineScenario.Names.Contains(s)) is { } unknown)
        {
            await error.WriteLineAsync($"unknown scenario '{unknown}'\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        if (valgrind is null)
        {
            await error.WriteLineAsync("valgrind is required to count instructions (Debian: apt-get install valgrind)").ConfigureAwait(false);
            return 1;
        }

        var runs = (from scenario in scenarios
                    from server in (ServerKind[])[ServerKind.A, ServerKind.B]
                    from calls in (long[])[Plan(scenario).Short, Plan(scenario).Long]
                    select (scenario, server, calls)).ToArray();
        await error.WriteLineAsync($"{runs.Length} runs under valgrind, {Environment.ProcessorCount} at a time; each takes 20-60 s").ConfigureAwait(false);
        var totals = new System.Collections.Concurrent.ConcurrentDictionary<(string, ServerKind, long), long>();
        await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (run, token) =>
            {
                var total = await CachegrindRun.CountAsync(valgrind, run.server, run.scenario, run.calls, RunTimeout, token).ConfigureAwait(false);
                totals[run] = total;
                await error.WriteLineAsync($"  {run.server} {run.scenario}, {run.calls} calls: {total:N0} instructions").ConfigureAwait(false);
            }).ConfigureAwait(false);

        var results = scenarios.Select(scenario =>
        {
            var plan = Plan(scenario);
            ServerInstructions Of(ServerKind server) => ServerInstructions.Of(totals[(scenario, server, plan.Short)], totals[(scenario, server, plan.Long)], plan);
            return new ScenarioInstructions(scenario, plan.Unit, plan.Short, plan.Long, Of(ServerKind.A), Of(ServerKind.B));
        }).ToArray();

        await output.WriteAsync(Markdown(results)).ConfigureAwait(false);
        var saved = await ResultFile.SaveAsync("instructions", new
        {
            Date = DateTimeOffset.UtcNow,
            Machine = ProdStock.Bench.MachineInfo.Collect(Directory.GetCurrentDirectory()),
            Counter = $"{valgrind} --tool=cachegrind --cache-sim=no (instructions in user space)",
            CachegrindRun.Environment,
            Scenarios = results,
        }, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"\nsaved {saved}").ConfigureAwait(false);
        return 0;
    }

    public static string Markdown(IReadOnlyList<ScenarioInstructions> results)
    {
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("| scenario | per | A instructions | B instructions | A/B |");
        md.AppendLine("|---|---|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(ci, $"| {r.Scenario} | {r.Unit} | {r.A.PerOperation:N0} | {r.B.PerOperation:N0} | {r.Ratio:F3} |");
        }

        return md.ToString();
    }
}

/// <summary>One scenario's counts on A and B, and the calls of the short and the long run they come from.</summary>
internal sealed record ScenarioInstructions(string Scenario, string Unit, long ShortCalls, long LongCalls, ServerInstructions A, ServerInstructions B)
{
    public double Ratio => A.PerOperation / B.PerOperation;
}

/// <summary>One server's instruction totals of the short and the long run, and the steady state's count per operation.</summary>
internal sealed record ServerInstructions(long ShortTotal, long LongTotal, double PerOperation)
{
    public static ServerInstructions Of(long shortTotal, long longTotal, (long Short, long Long, int OperationsPerCall, string Unit) plan) =>
        new(shortTotal, longTotal, InstructionCount.PerOperation(shortTotal, longTotal, plan));
}
