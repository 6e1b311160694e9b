using System.Globalization;

namespace ProdStock.Bench;

/// <summary>The command line of the benchmark, with its defaults (a full run takes about seven minutes on 2 cores).</summary>
internal sealed record BenchSettings
{
    public static readonly string[] AllScenarios = ["unary", "server-stream", "client-stream", "duplex", "rest"];

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The least time each server is warmed up with all scenarios at once before the first measured run.</summary>
    public TimeSpan Preheat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The most time that warming up may take per server, settled or not.</summary>
    public TimeSpan PreheatLimit { get; init; } = TimeSpan.FromSeconds(45);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Before the rounds of each scenario, every server runs it this long, unmeasured (0 skips it).</summary>
    public TimeSpan ScenarioWarmup { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Rounds per scenario, A and B alternating (<see cref="RunOrder"/>).</summary>
    public int Rounds { get; init; } = 3;

    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;

    /// <summary>Overrides every scenario's channel count when set.</summary>
    public int? Channels { get; init; }

    /// <summary>Overrides every scenario's callers per channel when set.</summary>
    public int? Callers { get; init; }

    /// <summary><c>sqlite</c> (the host's default engine, a file per server with the demo data) or <c>memory</c> (the demo data in memory).</summary>
    public string Store { get; init; } = "sqlite";

    public int StreamBatchSize { get; init; } = 2;

    public bool Pin { get; init; } = true;

    public bool Quick { get; init; }

    /// <summary>Extra environment variables for BOTH servers (e.g. DOTNET_PerfMapEnabled=1 for perf, DOTNET_gcServer=1).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();

    public string? OutputFolder { get; init; }

    public static string Usage => """
        usage: dotnet run -c Release --project bench/ProdStock.Bench [-- options]

        Compares the code-first host (A, src/Host) with a contract-first Grpc.AspNetCore server generated from
        protos/services.proto (B, bench/ProdStock.Bench.ContractFirst) over mutual TLS, same store, same Kestrel settings.

          --quick               short warm-ups, 3 s window, 1 round (for development; numbers are rough)
          --scenario NAME       run only these (repeat or comma-separate): unary, server-stream, client-stream, duplex, rest
          --duration SECONDS    timed window per run (default 8)
          --warmup SECONDS      warm-up per run, not measured (default 2)
          --preheat SECONDS     before the first run, each server is loaded with all scenarios at once until its JIT
                                settles: at least this long (default 15), at most 45 s (or this long, if more)
          --scenario-warmup SECONDS
                                before the rounds of each scenario, every server runs it unmeasured this long (default 4)
          --rounds N            rounds per scenario, A and B alternating A B B A … (default 3); the scenarios
                                alternate which server opens them
          --channels N          connections per run (default 2)
          --callers N           concurrent closed-loop callers per connection (default: unary 16, server-stream 4,
                                client-stream 8, duplex 8, rest 16)
          --store sqlite|memory the servers' store engine (default sqlite, the host's default)
          --batch-size N        users per server-streaming message (default 2, the host's default)
          --server-env KEY=VAL  set an environment variable in both servers (repeatable), e.g. DOTNET_PerfMapEnabled=1
                                to profile them with perf, or DOTNET_gcServer=0
          --no-pin              do not pin the servers and the load generator to separate cores
          --out DIR             where the JSON and Markdown results go (default bench/results)
        """;

    /// <summary>Parses the arguments; returns <see langword="null"/> with a message for bad input or --help.</summary>
    public static BenchSettings? Parse(IReadOnlyList<string> args, out string? message)
    {
        message = null;
        var settings = new BenchSettings();
        var scenarios = new List<string>();
        var environment = new Dictionary<string, string>();
        TimeSpan? warmup = null, duration = null, preheat = null, scenarioWarmup = null;
        int? rounds = null;
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--help" or "-h":
                        message = Usage;
                        return null;
                    case "--quick":
                        settings = settings with { Quick = true };
                        break;
                    case "--scenario":
                        foreach (var name in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (!AllScenarios.Contains(name))
                            {
                                throw new FormatException($"unknown scenario '{name}' (known: {string.Join(", ", AllScenarios)})");
                            }

                            scenarios.Add(name);
                        }

                        break;
                    case "--duration":
                        duration = Seconds(Value(), min: 1);
                        break;
                    case "--warmup":
                        warmup = Seconds(Value(), min: 0);
                        break;
                    case "--scenario-warmup":
                        scenarioWarmup = Seconds(Value(), min: 0);
                        break;
                    case "--preheat":
                        preheat = Seconds(Value(), min: 0);
                        break;
                    case "--rounds":
                        rounds = Count(Value(), 1, 50);
                        break;
                    case "--channels":
                        settings = settings with { Channels = Count(Value(), 1, 64) };
                        break;
                    case "--callers":
                        settings = settings with { Callers = Count(Value(), 1, 1000) };
                        break;
                    case "--store":
                        var store = Value().ToLowerInvariant();
                        settings = store is "sqlite" or "memory" ? settings with { Store = store } : throw new FormatException("--store must be sqlite or memory");
                        break;
                    case "--batch-size":
                        settings = settings with { StreamBatchSize = Count(Value(), 1, 10_000) };
                        break;
                    case "--server-env":
                        var pair = Value();
                        var equals = pair.IndexOf('=', StringComparison.Ordinal);
                        if (equals <= 0)
                        {
                            throw new FormatException("--server-env needs KEY=VALUE");
                        }

                        environment[pair[..equals]] = pair[(equals + 1)..];
                        break;
                    case "--no-pin":
                        settings = settings with { Pin = false };
                        break;
                    case "--out":
                        settings = settings with { OutputFolder = Value() };
                        break;
                    default:
                        throw new FormatException($"unknown argument '{args[i]}'");
                }
            }
        }
        catch (FormatException ex)
        {
            message = ex.Message + Environment.NewLine + Usage;
            return null;
        }

        if (settings.Quick)
        {
            settings = settings with { Warmup = TimeSpan.FromSeconds(1), Duration = TimeSpan.FromSeconds(3), Rounds = 1, Preheat = TimeSpan.FromSeconds(2), PreheatLimit = TimeSpan.FromSeconds(10), ScenarioWarmup = TimeSpan.FromSeconds(1) };
        }

        return settings with
        {
            Warmup = warmup ?? settings.Warmup,
            Preheat = preheat ?? settings.Preheat,
            PreheatLimit = preheat is { } least && least > settings.PreheatLimit ? least : settings.PreheatLimit,
            Duration = duration ?? settings.Duration,
            ScenarioWarmup = scenarioWarmup ?? settings.ScenarioWarmup,
            Rounds = rounds ?? settings.Rounds,
            ServerEnvironment = environment,
            Scenarios = scenarios.Count > 0 ? AllScenarios.Where(scenarios.Contains).ToArray() : AllScenarios,
        };
    }

    private static TimeSpan Seconds(string text, double min) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"'{text}' is not a number of seconds between {min} and 3600");

    private static int Count(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"'{text}' is not a whole number between {min} and {max}");
}
