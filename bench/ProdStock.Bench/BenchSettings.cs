using System.Globalization;

namespace ProdStock.Bench;

/// <summary>The command line of the benchmark, with its defaults.</summary>
internal sealed record BenchSettings
{
    /// <summary><c>load</c>: one host with <see cref="Products"/> demo products, its load time and memory (no comparison).</summary>
    public bool Load { get; init; }

    /// <summary>
    /// <c>contract-first</c> (B = bench/ProdStock.Bench.ContractFirst), <c>store</c> (B = the host on the memory engine),
    /// <c>telemetry</c> (B = the host with <c>ProdStock:Telemetry:Enabled=false</c>)
    /// or <c>postgres</c> (the host on PostgreSQL: reads against memory, orders against SQLite, two hosts, cross-host lag).
    /// </summary>
    public string Compare { get; init; } = "contract-first";

    public bool CompareStore => Compare == "store";

    public bool CompareTelemetry => Compare == "telemetry";

    /// <summary>Whether B is the host too (so it serves REST and orders), as with <c>store</c> and <c>telemetry</c>.</summary>
    public bool BIsHost => CompareStore || CompareTelemetry;

    public bool ComparePostgres => Compare == "postgres";

    /// <summary>Cross-host lag samples of <c>--compare postgres</c>: half on idle hosts, half under an orders load (0: none).</summary>
    public int LagSamples { get; init; } = 200;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Before the first measured run, each server runs all selected scenarios at once this long, unmeasured.</summary>
    public TimeSpan Preheat { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Before the rounds of each scenario, every server runs it this long, unmeasured (0 skips it).</summary>
    public TimeSpan ScenarioWarmup { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Rounds per scenario, A and B alternating which goes first.</summary>
    public int Rounds { get; init; } = 3;

    public IReadOnlyList<string> Scenarios { get; init; } = Scenario.Names;

    /// <summary>Overrides every scenario's connection count when set.</summary>
    public int? Channels { get; init; }

    /// <summary>Callers per connection; each count is a row of its own. Empty: each scenario's default.</summary>
    public IReadOnlyList<int> Callers { get; init; } = [];

    /// <summary>The store engine of both servers with --compare contract-first, of the host in load mode.</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary><c>ProdStock:Store:DemoProductCount</c> of every server.</summary>
    public int Products { get; init; } = 1000;

    public int StreamBatchSize { get; init; } = 2;

    public bool Pin { get; init; } = true;

    public bool Quick { get; init; }

    /// <summary>Extra environment variables for every server (e.g. DOTNET_PerfMapEnabled=1 for perf).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();

    public string? OutputFolder { get; init; }

    public static string Usage => """
        usage: dotnet run -c Release --project bench/ProdStock.Bench [-- [load] options]

        Compares server A, the host (src/Host), with server B over mutual TLS on 127.0.0.1 (see bench/README.md).
        `load` instead starts one host with --products demo products and reports its load time and memory.

          --compare contract-first  B = contract-first Grpc.AspNetCore server, both on --store (default)
          --compare store           A = host on SQLite (its default), B = the same host on the memory engine
          --compare telemetry       A = host with telemetry on (its default), B = the same host with
                                --ProdStock:Telemetry:Enabled=false; both on --store; orders run too
          --compare postgres        the host on PostgreSQL (its own durable cluster): reads against the memory engine,
                                orders/s at 1, 8, 64 callers on one host, on two hosts sharing the database and on
                                SQLite, and how soon one host sees another's order (~5 min; see bench/README.md)
          --scenario NAME       only these (repeat or comma-separate): unary, server-stream, client-stream, duplex,
                                rest, orders (default: all; orders only with --compare store and telemetry;
                                postgres: unary, rest, orders)
          --channels N          connections per run (default: per scenario, see bench/README.md)
          --callers N[,N…]      concurrent callers per connection; several counts give a row each (e.g. 1,8,64)
          --products N          demo products in every store (default 1,000; 100,000 with orders; 1,000,000 in load)
          --store sqlite|memory store of both servers with --compare contract-first and telemetry, of the host in load
          --quick               1 s warm-up, 3 s window, 1 round, short warm-ups (rough numbers, for development)
          --duration SECONDS    timed window per run (default 8)
          --warmup SECONDS      unmeasured time before each window (default 2)
          --preheat SECONDS     all scenarios at once on each server before the first run (default 20)
          --scenario-warmup SECONDS  each scenario on each server before its rounds (default 4)
          --rounds N            rounds per scenario, A and B alternating which goes first (default 3)
          --batch-size N        users per server-streaming message (default 2, the host's default)
          --lag-samples N       --compare postgres: cross-host lag samples, half idle, half under load (default 200)
          --server-env KEY=VAL  environment variable for every server (repeatable)
          --no-pin              do not pin the servers (first half of the CPUs) and the load generator (the rest)
          --out DIR             where results go (default bench/results)
        """;

    /// <summary>Parses the arguments; returns <see langword="null"/> with a message for bad input or --help.</summary>
    public static BenchSettings? Parse(IReadOnlyList<string> args, out string? message)
    {
        message = null;
        var settings = new BenchSettings();
        var scenarios = new List<string>();
        var environment = new Dictionary<string, string>();
        TimeSpan? warmup = null, duration = null, preheat = null, scenarioWarmup = null;
        int? rounds = null, products = null, lagSamples = null;
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
                    case "load" when i == 0:
                        settings = settings with { Load = true };
                        break;
                    case "--compare":
                        var compare = Value();
                        settings = compare is "contract-first" or "store" or "telemetry" or "postgres" ? settings with { Compare = compare } : throw new FormatException("--compare must be contract-first, store, telemetry or postgres");
                        break;
                    case "--quick":
                        settings = settings with { Quick = true };
                        break;
                    case "--scenario":
                        foreach (var name in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            scenarios.Add(Scenario.Names.Contains(name) ? name : throw new FormatException($"unknown scenario '{name}' (known: {string.Join(", ", Scenario.Names)})"));
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
                        settings = settings with { Callers = [.. Value().Split(',').Select(c => Count(c.Trim(), 1, 1000)).Distinct()] };
                        break;
                    case "--products":
                        products = Count(Value().Replace("_", "", StringComparison.Ordinal), 1, 10_000_000);
                        break;
                    case "--store":
                        var store = Value().ToLowerInvariant();
                        settings = store is "sqlite" or "memory" ? settings with { Store = store } : throw new FormatException("--store must be sqlite or memory");
                        break;
                    case "--lag-samples":
                        lagSamples = Count(Value(), 0, 10_000);
                        break;
                    case "--batch-size":
                        settings = settings with { StreamBatchSize = Count(Value(), 1, 10_000) };
                        break;
                    case "--server-env":
                        var pair = Value().Split('=', 2);
                        environment[pair.Length == 2 && pair[0].Length > 0 ? pair[0] : throw new FormatException("--server-env needs KEY=VALUE")] = pair[1];
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

            if ((settings.CompareStore || settings.ComparePostgres) && settings.Store != "sqlite")
            {
                throw new FormatException($"--compare {settings.Compare} sets the engines itself: leave --store out");
            }
        }
        catch (FormatException ex)
        {
            message = ex.Message + Environment.NewLine + Usage;
            return null;
        }

        if (settings.Quick)
        {
            settings = settings with { Warmup = TimeSpan.FromSeconds(1), Duration = TimeSpan.FromSeconds(3), Rounds = 1, Preheat = TimeSpan.FromSeconds(3), ScenarioWarmup = TimeSpan.FromSeconds(1), LagSamples = 40 };
        }
        else if (settings.ComparePostgres)
        {
            // Five servers, three of them taking orders at three concurrencies: shorter runs keep the whole under ~6 minutes.
            settings = settings with { Warmup = TimeSpan.FromSeconds(1), Duration = TimeSpan.FromSeconds(5), Rounds = 2, Preheat = TimeSpan.FromSeconds(10), ScenarioWarmup = TimeSpan.FromSeconds(2) };
        }

        // Orders run by default only with --compare store, telemetry and postgres: the contract-first comparison stays as it was (1,000 products).
        // --compare postgres compares the reads of unary and REST by default: every read comes from memory on either engine.
        var selected = Scenario.Names.Where(name => scenarios.Count > 0 ? scenarios.Contains(name)
            : settings.ComparePostgres ? name is "unary" or "rest" or "orders"
            : name != "orders" || settings.BIsHost).ToArray();
        return settings with
        {
            Warmup = warmup ?? settings.Warmup,
            Preheat = preheat ?? settings.Preheat,
            Duration = duration ?? settings.Duration,
            ScenarioWarmup = scenarioWarmup ?? settings.ScenarioWarmup,
            Rounds = rounds ?? settings.Rounds,
            LagSamples = lagSamples ?? settings.LagSamples,
            ServerEnvironment = environment,
            Scenarios = selected,
            // Orders take one unit of stock each: 100,000 products hold ~150 million units, more than any run orders.
            Products = products ?? (settings.Load ? 1_000_000 : selected.Contains("orders") || settings.ComparePostgres ? 100_000 : 1000),
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
