using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProtoBuf.Grpc;

namespace ProdStock.Bench;

/// <summary>One caller of a run: (connection, caller index, recorder, stop signal, cancellation).</summary>
internal delegate Task Caller(int channel, int index, CallRecorder recorder, StopSignal stopping, CancellationToken cancellationToken);

/// <summary>
/// A kind of call the benchmark makes. <paramref name="HostOnly"/>: the contract-first server has no such endpoint
/// (REST gateway, OrderService), so with <c>--compare contract-first</c> the scenario runs on A only. A target of
/// several servers gets a connection to each per channel; each caller alternates between them call by call.
/// </summary>
internal sealed record Scenario(string Name, string Description, bool HostOnly, Func<Target, int, CertificateSet, BenchSettings, ScenarioTarget> Connect)
{
    public static readonly string[] Names = ["unary", "server-stream", "client-stream", "duplex", "rest", "orders"];

    private static readonly ProdRequest[] ProdRequests = [.. Enumerable.Range(0, 3000).Select(i => new ProdRequest { ProdId = 1 + (i % 1000), ProdArea = (ProdAreas)(i % 3) })];
    private static readonly string[] RestPaths = [.. Enumerable.Range(0, 3000).Select(i => $"/v1/prod/{1 + (i % 1000)}?prod_area={"ABC"[i % 3]}")];
    private static readonly UserScoreRequest[] HundredUsers = [.. Enumerable.Range(0, 10).Select(i => Users(i * 100, 100))];
    private static readonly UserScoreRequest[] TenUsers = [.. Enumerable.Range(0, 100).Select(i => Users(i * 10, 10))];

    /// <summary>Connections × callers per connection unless the command line says otherwise (issue 19's concurrency for --compare store).</summary>
    public (int Channels, int Callers) Defaults(bool compareStore) => (Name, compareStore) switch
    {
        ("unary" or "rest", true) => (4, 16),
        ("unary" or "rest", false) => (2, 16),
        ("client-stream" or "duplex", false) => (2, 8),
        ("orders", _) => (1, 8),
        _ => (2, 4),
    };

    public static Scenario For(string name) => name switch
    {
        "unary" => new(name, "GetProdStock, products 1..1000 in areas A, B, C", false, (target, channels, certificates, settings) =>
            Grpc(target, channels, certificates, settings, ClosedLoop(async (client, sequence, ct) =>
            {
                var request = ProdRequests[sequence % ProdRequests.Length];
                var response = await client.Products.GetProdStockAsync(request, Context(ct)).ConfigureAwait(false);
                Expect(response.ProdId == request.ProdId, $"asked for product {request.ProdId}, got {response.ProdId}");
            }))),
        "server-stream" => new(name, "GetUserScoreByServerStream, 100 users", false, (target, channels, certificates, settings) =>
            Grpc(target, channels, certificates, settings, ClosedLoop(async (client, sequence, ct) =>
            {
                int messages = 0, users = 0, expected = (100 + settings.StreamBatchSize - 1) / settings.StreamBatchSize;
                await foreach (var batch in client.Users.GetUserScoreByServerStreamAsync(HundredUsers[sequence % HundredUsers.Length], Context(ct)).ConfigureAwait(false))
                {
                    messages++;
                    users += batch.Users.Count;
                }

                Expect(users == 100 && messages == expected, $"expected 100 users in {expected} messages, got {users} in {messages}");
            }))),
        "client-stream" => new(name, "GetUserScoreByClientStream, 10 batches of 10", false, (target, channels, certificates, settings) =>
            Grpc(target, channels, certificates, settings, ClosedLoop(async (client, sequence, ct) =>
            {
                var response = await client.Users.GetUserScoreByClientStreamAsync(TenBatches(sequence), Context(ct)).ConfigureAwait(false);
                Expect(response.Users.Count == 100, $"expected 100 users, got {response.Users.Count}");
            }))),
        "duplex" => new(name, "GetUserScoreByDoubleEndStream, round trips of 10 users", false, (target, channels, certificates, settings) =>
            Grpc(target, channels, certificates, settings, (pick, index, recorder, stopping, token) => RoundTripsAsync(pick(index), index, recorder, stopping, token))),
        "rest" => new(name, "REST GET /v1/prod/{id}", true, (target, channels, certificates, _) =>
        {
            var clients = Enumerable.Range(0, channels).Select(_ => target.Servers.Select(server => new HttpClient(certificates.CreateHttpHandler(), disposeHandler: true)
            {
                BaseAddress = new Uri($"https://127.0.0.1:{server.RestPort ?? throw new InvalidOperationException($"server {server.Label} has no REST listener")}"),
                DefaultRequestVersion = HttpVersion.Version20,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Timeout = TimeSpan.FromSeconds(30),
            }).ToArray()).ToArray();
            return new ScenarioTarget([.. clients.SelectMany(c => c)], (channel, index, recorder, stopping, token) => LoadRun.ClosedLoopAsync(async (sequence, ct) =>
            {
                using var response = await clients[channel][sequence % clients[channel].Length].GetAsync(RestPaths[sequence % RestPaths.Length], ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                Expect(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}");
                Expect(body.Length > 0 && body[0] == (byte)'{', "the answer is not a JSON object");
            }, index, recorder, stopping, token));
        }),
        "orders" => new(name, "NewOrder, one line of 1 unit (durable)", true, (target, channels, certificates, settings) =>
            Grpc(target, channels, certificates, settings, ClosedLoop(async (client, _, ct) =>
            {
                var (claim, prodId, area) = DemoStock.For(target.Store, settings.Products).Take();
                var response = await client.Orders.NewOrderAsync(new OrderRequest
                {
                    OrderMain = new OrderMain
                    {
                        OrderNo = $"bench-{claim}",
                        UserId = 1 + (int)(claim % 1000),
                        OrderMoney = 9.99f,
                        OrderLines = [new OrderLine { ProdId = prodId, ProdArea = area, Quantity = 1 }],
                    },
                }, Context(ct)).ConfigureAwait(false);
                Expect(response.Status == "OK" && response.OrderId > 0, $"order {claim}: status '{response.Status}', id {response.OrderId}");
            }))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario"),
    };

    /// <summary>
    /// One ProdStockClient (its own HTTP/2 connection) per channel and server, without retries or client-side validation;
    /// a caller picks its channel's client by call sequence (always the same one for a single server).
    /// </summary>
    private static ScenarioTarget Grpc(Target target, int channels, CertificateSet certificates, BenchSettings settings, Func<Func<int, ProdStockClient>, int, CallRecorder, StopSignal, CancellationToken, Task> caller)
    {
        var clients = Enumerable.Range(0, channels).Select(_ => target.Servers.Select(server => new ProdStockClient(new ProdStockClientOptions
        {
            Address = server.GrpcAddress,
            CaCertificatePath = certificates.CaPath,
            ClientCertificatePath = certificates.ClientCertificatePath,
            ClientKeyPath = certificates.ClientKeyPath,
            DefaultDeadline = settings.Warmup + settings.Duration + TimeSpan.FromSeconds(60), // a duplex call lasts the whole run
            RetryReadOnlyCalls = false,
            RetryIdempotentWrites = false,
            ValidateRequests = false,
        })).ToArray()).ToArray();
        return new ScenarioTarget([.. clients.SelectMany(c => c)], (channel, index, recorder, stopping, token) =>
            caller(sequence => clients[channel][sequence % clients[channel].Length], index, recorder, stopping, token));
    }

    private static Func<Func<int, ProdStockClient>, int, CallRecorder, StopSignal, CancellationToken, Task> ClosedLoop(Func<ProdStockClient, int, CancellationToken, Task> call) =>
        (pick, index, recorder, stopping, token) => LoadRun.ClosedLoopAsync((sequence, ct) => call(pick(sequence), sequence, ct), index, recorder, stopping, token);

    private static CallContext Context(CancellationToken cancellationToken) => new(new CallOptions(cancellationToken: cancellationToken));

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new BadResponseException(message);
        }
    }

    /// <summary>A request naming <paramref name="count"/> users from <paramref name="first"/> on (ids 1..1000, all in the demo data).</summary>
    private static UserScoreRequest Users(int first, int count) =>
        new() { Users = [.. Enumerable.Range(0, count).Select(i => new UserInfo { UserId = 1 + ((first + i) % 1000) })] };

    private static async IAsyncEnumerable<UserScoreRequest> TenBatches(int sequence)
    {
        for (var i = 0; i < 10; i++)
        {
            yield return TenUsers[((sequence * 10) + i) % TenUsers.Length];
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Duplex: each caller keeps one call open and makes round trips on it (10 users out, their scores back); a "call" is one round trip.</summary>
    private static async Task RoundTripsAsync(ProdStockClient client, int index, CallRecorder recorder, StopSignal stopping, CancellationToken cancellationToken)
    {
        var sequence = index * 7919;
        while (!stopping.IsSet && !cancellationToken.IsCancellationRequested)
        {
            // One duplex call; a failure ends it (counted) and the caller opens another.
            var outgoing = Channel.CreateUnbounded<UserScoreRequest>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            IAsyncEnumerator<UserScoreResponse>? responses = null;
            try
            {
                responses = client.Users.GetUserScoreByDoubleEndStreamAsync(outgoing.Reader.ReadAllAsync(cancellationToken), Context(cancellationToken)).GetAsyncEnumerator(cancellationToken);
                while (!stopping.IsSet)
                {
                    var start = System.Diagnostics.Stopwatch.GetTimestamp();
                    outgoing.Writer.TryWrite(TenUsers[sequence++ % TenUsers.Length]);
                    Expect(await responses.MoveNextAsync().ConfigureAwait(false), "the server ended the duplex stream early");
                    Expect(responses.Current.Users.Count == 10, $"expected 10 users, got {responses.Current.Users.Count}");
                    recorder.Success(start, System.Diagnostics.Stopwatch.GetTimestamp());
                }

                // End the call cleanly: no more requests, the server completes its side.
                outgoing.Writer.TryComplete();
                Expect(!await responses.MoveNextAsync().ConfigureAwait(false), "an answer without a request");
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                recorder.Failure(ex);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                outgoing.Writer.TryComplete();
                try
                {
                    if (responses is not null)
                    {
                        await responses.DisposeAsync().ConfigureAwait(false);
                    }
                }
                catch (Exception) when (stopping.IsSet || cancellationToken.IsCancellationRequested)
                {
                }
            }
        }
    }
}

/// <summary>What a scenario calls during one run: its connections (closed after the run) and its caller.</summary>
internal sealed class ScenarioTarget(IDisposable[] connections, Caller caller) : IDisposable
{
    public Task RunCallerAsync(int channel, int index, CallRecorder recorder, StopSignal stopping, CancellationToken cancellationToken) =>
        caller(channel, index, recorder, stopping, cancellationToken);

    public void Dispose()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }
}

/// <summary>
/// Hands out one store's demo stock one unit at a time, so orders never ask for more than a product-area holds (a
/// FAILED_PRECONDITION is an error): claim k takes slot k mod 3N (products 1..N × areas A, B, C, so consecutive orders
/// touch different products) in pass k / 3N, skipping the slots whose demo stock is not above the pass. A store is
/// known by its first server (<see cref="Target.Store"/>): hosts sharing a database share its claims, and so do
/// the cross-host lag samples, whose slot no other order touches meanwhile.
/// </summary>
internal sealed class DemoStock
{
    private static readonly ConcurrentDictionary<ServerProcess, DemoStock> PerServer = new();
    private readonly int[] _stock;
    private long _claims;

    private DemoStock(int products) =>
        _stock = [.. DemoDataSet.Products(products).SelectMany(p => new[] { p.StockIn(ProdAreas.A), p.StockIn(ProdAreas.B), p.StockIn(ProdAreas.C) })];

    public static DemoStock For(ServerProcess server, int products) => PerServer.GetOrAdd(server, _ => new DemoStock(products));

    public (long Claim, int ProdId, ProdAreas Area) Take()
    {
        while (true)
        {
            var claim = Interlocked.Increment(ref _claims) - 1;
            var (pass, slot) = Math.DivRem(claim, _stock.Length);
            if (pass >= 1000)
            {
                throw new InvalidOperationException("the demo stock is used up: run orders with more --products");
            }

            if (_stock[slot] > pass)
            {
                return (claim, 1 + (int)(slot / 3), (ProdAreas)(slot % 3));
            }
        }
    }
}

/// <summary>The certificates the host's <c>certs</c> command made for this run (a private CA, a server and a client certificate).</summary>
internal sealed class CertificateSet(string folder)
{
    private readonly Lazy<(X509Certificate2 Authority, X509Certificate2 Client)> _loaded = new(() => Load(folder));

    public string Folder { get; } = folder;

    public string CaPath => Path.Combine(Folder, "ca.pem");

    public string ServerCertificatePath => Path.Combine(Folder, "server.pem");

    public string ServerKeyPath => Path.Combine(Folder, "server.key");

    public string ClientCertificatePath => Path.Combine(Folder, "client.pem");

    public string ClientKeyPath => Path.Combine(Folder, "client.key");

    /// <summary>An HTTP handler that presents the client certificate and trusts only the CA (as the ClientSdk does).</summary>
    public SocketsHttpHandler CreateHttpHandler()
    {
        var (authority, client) = _loaded.Value;
        return new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [client],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => client,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return chain.Build(copy);
                },
            },
        };
    }

    private static (X509Certificate2, X509Certificate2) Load(string folder)
    {
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "ca.pem")));
        using var fromPem = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "client.pem"), Path.Combine(folder, "client.key"));
        return (authority, X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null));
    }
}
