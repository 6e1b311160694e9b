using Microsoft.AspNetCore.Http;
using ProdStock.Contracts;
using ProtoBuf;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// One gRPC scenario of the end-to-end benchmark (bench/ProdStock.Bench/Scenarios.cs) as whole request bodies: the same
/// methods, message shapes and rotation of products and users. <see cref="Check"/> reads an answer as a client would
/// and throws if it is not the right one, so a benchmark never times an error path.
/// </summary>
internal sealed class PipelineScenario
{
    private readonly byte[][] _bodies;
    private readonly Action<int, IReadOnlyList<ReadOnlyMemory<byte>>> _check;
    private int _next;

    private PipelineScenario(string name, string path, byte[][] bodies, Action<int, IReadOnlyList<ReadOnlyMemory<byte>>> check)
    {
        Name = name;
        Path = path;
        _bodies = bodies;
        _check = check;
    }

    public string Name { get; }

    /// <summary>The gRPC method's path.</summary>
    public string Path { get; }

    /// <summary>How many different request bodies the scenario rotates through.</summary>
    public int Count => _bodies.Length;

    /// <summary>Unary <c>GetProdStock</c>: products 1..1000 in areas A, B, C.</summary>
    public static PipelineScenario Unary()
    {
        var requests = Enumerable.Range(0, 3000).Select(i => new ProdRequest { ProdId = 1 + (i % 1000), ProdArea = (ProdAreas)(i % 3) }).ToArray();
        return new PipelineScenario("unary", "/services.ProdService/GetProdStock", requests.Select(r => Body(r)).ToArray(),
            (index, messages) =>
            {
                var response = Single<ProdResponse>(messages);
                if (response.ProdId != requests[index].ProdId)
                {
                    throw new InvalidOperationException($"unary: asked for product {requests[index].ProdId}, got {response.ProdId}");
                }
            });
    }

    /// <summary>Server streaming <c>GetUserScoreByServerStream</c>: 100 users, answered in batches of <paramref name="streamBatchSize"/>.</summary>
    public static PipelineScenario ServerStream(int streamBatchSize)
    {
        var expectedMessages = (100 + streamBatchSize - 1) / streamBatchSize;
        var requests = Enumerable.Range(0, 10).Select(i => Users(i * 100, 100)).ToArray();
        return new PipelineScenario("server-stream", "/services.UserService/GetUserScoreByServerStream",
            requests.Select(r => Body(r)).ToArray(),
            (index, messages) =>
            {
                var users = messages.Sum(m => Deserialize<UserScoreResponse>(m).Users.Count);
                if (users != 100 || messages.Count != expectedMessages)
                {
                    throw new InvalidOperationException($"server-stream: expected 100 users in {expectedMessages} messages, got {users} in {messages.Count}");
                }
            });
    }

    /// <summary>Client streaming <c>GetUserScoreByClientStream</c>: 10 messages of 10 users, one answer of 100.</summary>
    public static PipelineScenario ClientStream()
    {
        var batches = Enumerable.Range(0, 100).Select(i => Serialize(Users(i * 10, 10))).ToArray();
        var bodies = Enumerable.Range(0, 10).Select(call => GrpcFrames.Encode(Enumerable.Range(0, 10).Select(i => batches[(call * 10) + i]))).ToArray();
        return new PipelineScenario("client-stream", "/services.UserService/GetUserScoreByClientStream", bodies,
            (_, messages) =>
            {
                var count = Single<UserScoreResponse>(messages).Users.Count;
                if (count != 100)
                {
                    throw new InvalidOperationException($"client-stream: expected 100 users, got {count}");
                }
            });
    }

    /// <summary>
    /// Duplex <c>GetUserScoreByDoubleEndStream</c>: one call of <paramref name="roundTrips"/> messages of 10 users, each
    /// answered by one message of 10 users (the end-to-end benchmark's round trips on a long-lived call, with the requests
    /// all there at once).
    /// </summary>
    public static PipelineScenario Duplex(int roundTrips)
    {
        var batches = Enumerable.Range(0, 100).Select(i => Serialize(Users(i * 10, 10))).ToArray();
        var body = GrpcFrames.Encode(Enumerable.Range(0, roundTrips).Select(i => batches[i % batches.Length]));
        return new PipelineScenario("duplex", "/services.UserService/GetUserScoreByDoubleEndStream", [body],
            (_, messages) =>
            {
                if (messages.Count != roundTrips || messages.Any(m => Deserialize<UserScoreResponse>(m).Users.Count != 10))
                {
                    throw new InvalidOperationException($"duplex: expected {roundTrips} answers of 10 users, got {messages.Count} answers");
                }
            });
    }

    /// <summary>The scenarios' names, as the end-to-end benchmark names them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["unary", "server-stream", "client-stream", "duplex"];

    /// <summary>
    /// The scenario called <paramref name="name"/> (see <see cref="Names"/>) with the benchmark's settings
    /// (<see cref="PipelineBenchmarks.StreamBatchSize"/>, <see cref="PipelineBenchmarks.DuplexRoundTrips"/>);
    /// <see langword="null"/> for an unknown name.
    /// </summary>
    public static PipelineScenario? Named(string name) => name switch
    {
        "unary" => Unary(),
        "server-stream" => ServerStream(PipelineBenchmarks.StreamBatchSize),
        "client-stream" => ClientStream(),
        "duplex" => Duplex(PipelineBenchmarks.DuplexRoundTrips),
        _ => null,
    };

    /// <summary>Sends the next request body of the rotation.</summary>
    public ValueTask SendNextAsync(InProcessStream stream)
    {
        var index = _next;
        _next = index + 1 == _bodies.Length ? 0 : index + 1;
        return stream.SendAsync(Path, _bodies[index]);
    }

    /// <summary>Sends every request body of the rotation once and checks each answer.</summary>
    /// <exception cref="InvalidOperationException">An answer is not OK or not the right one; the message says which and why.</exception>
    public async Task CheckAllAsync(InProcessStream stream)
    {
        for (var index = 0; index < _bodies.Length; index++)
        {
            await stream.SendAsync(Path, _bodies[index]).ConfigureAwait(false);
            Check(index, stream);
        }
    }

    /// <summary>Checks the answer on <paramref name="stream"/> to request body <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The answer is not OK or not the right one.</exception>
    public void Check(int index, InProcessStream stream)
    {
        if (stream.StatusCode != StatusCodes.Status200OK || stream.GrpcStatus != 0 || stream.Aborted)
        {
            throw new InvalidOperationException(
                $"{Name}: HTTP {stream.StatusCode}, grpc-status {stream.GrpcStatus?.ToString() ?? "none"} ({stream.GrpcMessage}){(stream.Aborted ? ", aborted" : "")}");
        }

        _check(index, GrpcFrames.Decode(stream.ResponseBody));
    }

    private static UserScoreRequest Users(int first, int count) =>
        new() { Users = Enumerable.Range(0, count).Select(i => new UserInfo { UserId = 1 + ((first + i) % 1000) }).ToList() };

    /// <summary>A request body of one message, written by protobuf-net from the contracts.</summary>
    public static byte[] Body<T>(T message) => GrpcFrames.Encode([Serialize(message)]);

    private static byte[] Serialize<T>(T message)
    {
        using var stream = new MemoryStream();
        Serializer.Serialize(stream, message);
        return stream.ToArray();
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> message) => Serializer.Deserialize<T>(message);

    private static T Single<T>(IReadOnlyList<ReadOnlyMemory<byte>> messages) =>
        messages.Count == 1 ? Deserialize<T>(messages[0]) : throw new InvalidOperationException($"expected one answer, got {messages.Count}");
}
