using BenchmarkDotNet.Attributes;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// One call of each gRPC scenario through server A's or B's whole request pipeline (hosting, middleware, routing, the
/// gRPC endpoint with its marshalling, validation and store), in memory and on one thread: the time is the servers'
/// CPU time per call less what Kestrel, HTTP/2 and TLS add (the same for both), the allocations are theirs.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    /// <summary>Messages per duplex call: a long-lived call, so the call's set-up weighs little per round trip.</summary>
    public const int DuplexRoundTrips = 100;

    /// <summary>Users per server-stream message: the host's default, as in the end-to-end benchmark.</summary>
    public const int StreamBatchSize = 2;

    private string _folder = "";
    private PipelineServer? _server;
    private InProcessStream _stream = null!;
    private PipelineScenario _unary = null!;
    private PipelineScenario _serverStream = null!;
    private PipelineScenario _clientStream = null!;
    private PipelineScenario _duplex = null!;

    [ParamsAllValues]
    public ServerKind Server { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("prodstock-pipeline-").FullName;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _server = PipelineServer.StartAsync(Server, _folder, StreamBatchSize, timeout.Token).GetAwaiter().GetResult();
        _stream = _server.OpenStream();
        _unary = Scenario("unary");
        _serverStream = Scenario("server-stream");
        _clientStream = Scenario("client-stream");
        _duplex = Scenario("duplex");
        foreach (var scenario in new[] { _unary, _serverStream, _clientStream, _duplex })
        {
            scenario.CheckAllAsync(_stream).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static PipelineScenario Scenario(string name) =>
        PipelineScenario.Named(name) ?? throw new InvalidOperationException($"no pipeline scenario '{name}'");

    /// <summary>Unary <c>GetProdStock</c>.</summary>
    [Benchmark(Description = "unary")]
    public ValueTask Unary() => _unary.SendNextAsync(_stream);

    /// <summary><c>GetUserScoreByServerStream</c>: 100 users, 50 messages back.</summary>
    [Benchmark(Description = "server-stream")]
    public ValueTask ServerStream() => _serverStream.SendNextAsync(_stream);

    /// <summary><c>GetUserScoreByClientStream</c>: 10 messages of 10 users, one answer.</summary>
    [Benchmark(Description = "client-stream")]
    public ValueTask ClientStream() => _clientStream.SendNextAsync(_stream);

    /// <summary><c>GetUserScoreByDoubleEndStream</c>, per round trip (10 users out, 10 back) of a 100-message call.</summary>
    [Benchmark(Description = "duplex (per round trip)", OperationsPerInvoke = DuplexRoundTrips)]
    public ValueTask Duplex() => _duplex.SendNextAsync(_stream);
}
