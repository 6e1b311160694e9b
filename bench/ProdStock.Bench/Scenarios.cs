using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProtoBuf.Grpc;

namespace ProdStock.Bench;

/// <summary>A kind of call the benchmark makes, with its default concurrency.</summary>
internal abstract class Scenario
{
    public abstract string Name { get; }

    /// <summary>What one "call" of this scenario is, for the table.</summary>
    public abstract string Description { get; }

    public virtual int DefaultChannels => 2;

    public abstract int DefaultCallers { get; }

    /// <summary>Whether the scenario runs against both servers (gRPC) or against A only (REST: B has no gateway).</summary>
    public virtual bool BothServers => true;

    public abstract Task<ScenarioTarget> ConnectAsync(ServerProcess server, int channels, CertificateSet certificates, BenchSettings settings, CancellationToken cancellationToken);

    public static Scenario For(string name) => name switch
    {
        "unary" => new UnaryScenario(),
        "server-stream" => new ServerStreamScenario(),
        "client-stream" => new ClientStreamScenario(),
        "duplex" => new DuplexScenario(),
        "rest" => new RestScenario(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario"),
    };

    /// <summary>One ProdStockClient (its own GrpcChannel, so its own HTTP/2 connection) per channel.</summary>
    protected static ProdStockClient[] CreateClients(ServerProcess server, int channels, CertificateSet certificates, BenchSettings settings)
    {
        var clients = new ProdStockClient[channels];
        for (var i = 0; i < channels; i++)
        {
            clients[i] = new ProdStockClient(new ProdStockClientOptions
            {
                Address = server.GrpcAddress,
                CaCertificatePath = certificates.CaPath,
                ClientCertificatePath = certificates.ClientCertificatePath,
                ClientKeyPath = certificates.ClientKeyPath,
                // Long enough for a duplex call that lasts the whole run; every wait stays bounded.
                DefaultDeadline = settings.Warmup + settings.Duration + TimeSpan.FromSeconds(60),
                // No transparent retries: every failed call must be seen and counted.
                RetryReadOnlyCalls = false,
                // The requests are valid by construction; the servers validate them (A by its interceptor, B by hand).
                ValidateRequests = false,
            });
        }

        return clients;
    }

    protected static CallContext Context(CancellationToken cancellationToken) => new(new CallOptions(cancellationToken: cancellationToken));

    /// <summary>A request naming <paramref name="count"/> users from <paramref name="first"/> on (ids 1..1000, all in the demo data).</summary>
    protected static UserScoreRequest Users(int first, int count) =>
        new() { Users = Enumerable.Range(0, count).Select(i => new UserInfo { UserId = 1 + ((first + i) % 1000) }).ToList() };
}

/// <summary>What a scenario calls during one run; disposed (connections closed) after it.</summary>
internal abstract class ScenarioTarget : IAsyncDisposable
{
    public abstract Task RunCallerAsync(int channel, int callerIndex, CallRecorder recorder, StopSignal stopping, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

internal sealed class GrpcTarget(ProdStockClient[] clients, Func<ProdStockClient, int, CallRecorder, StopSignal, CancellationToken, Task> caller) : ScenarioTarget
{
    public override Task RunCallerAsync(int channel, int callerIndex, CallRecorder recorder, StopSignal stopping, CancellationToken cancellationToken) =>
        caller(clients[channel], callerIndex, recorder, stopping, cancellationToken);

    public override ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Unary <c>ProdService/GetProdStock</c>: products 1..1000 in areas A, B, C.</summary>
internal sealed class UnaryScenario : Scenario
{
    private static readonly ProdRequest[] Requests = Enumerable.Range(0, 3000)
        .Select(i => new ProdRequest { ProdId = 1 + (i % 1000), ProdArea = (ProdAreas)(i % 3) }).ToArray();

    public override string Name => "unary";

    public override string Description => "GetProdStock";

    public override int DefaultCallers => 16;

    public override Task<ScenarioTarget> ConnectAsync(ServerProcess server, int channels, CertificateSet certificates, BenchSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<ScenarioTarget>(new GrpcTarget(CreateClients(server, channels, certificates, settings), (client, index, recorder, stopping, token) =>
            LoadRun.ClosedLoopAsync(async (sequence, ct) =>
            {
                var request = Requests[sequence % Requests.Length];
                var response = await client.Products.GetProdStockAsync(request, Context(ct)).ConfigureAwait(false);
                if (response.ProdId != request.ProdId)
                {
                    throw new BadResponseException($"asked for product {request.ProdId}, got {response.ProdId}");
                }
            }, index, recorder, stopping, token)));
}

/// <summary>Server streaming <c>UserService/GetUserScoreByServerStream</c>: 100 users, answered in batches (2 per message by default).</summary>
internal sealed class ServerStreamScenario : Scenario
{
    private static readonly UserScoreRequest[] Requests = Enumerable.Range(0, 10).Select(i => Users(i * 100, 100)).ToArray();

    public override string Name => "server-stream";

    public override string Description => "GetUserScoreByServerStream, 100 users";

    public override int DefaultCallers => 4;

    public override Task<ScenarioTarget> ConnectAsync(ServerProcess server, int channels, CertificateSet certificates, BenchSettings settings, CancellationToken cancellationToken)
    {
        var expectedMessages = (100 + settings.StreamBatchSize - 1) / settings.StreamBatchSize;
        return Task.FromResult<ScenarioTarget>(new GrpcTarget(CreateClients(server, channels, certificates, settings), (client, index, recorder, stopping, token) =>
            LoadRun.ClosedLoopAsync(async (sequence, ct) =>
            {
                int messages = 0, users = 0;
                await foreach (var batch in client.Users.GetUserScoreByServerStreamAsync(Requests[sequence % Requests.Length], Context(ct)).ConfigureAwait(false))
                {
                    messages++;
                    users += batch.Users.Count;
                }

                if (users != 100 || messages != expectedMessages)
                {
                    throw new BadResponseException($"expected 100 users in {expectedMessages} messages, got {users} in {messages}");
                }
            }, index, recorder, stopping, token)));
    }
}

/// <summary>Client streaming <c>UserService/GetUserScoreByClientStream</c>: 10 messages of 10 users, one answer of 100.</summary>
internal sealed class ClientStreamScenario : Scenario
{
    private static readonly UserScoreRequest[] Batches = Enumerable.Range(0, 100).Select(i => Users(i * 10, 10)).ToArray();

    public override string Name => "client-stream";

    public override string Description => "GetUserScoreByClientStream, 10 batches of 10";

    public override int DefaultCallers => 8;

    public override Task<ScenarioTarget> ConnectAsync(ServerProcess server, int channels, CertificateSet certificates, BenchSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<ScenarioTarget>(new GrpcTarget(CreateClients(server, channels, certificates, settings), (client, index, recorder, stopping, token) =>
            LoadRun.ClosedLoopAsync(async (sequence, ct) =>
            {
                var response = await client.Users.GetUserScoreByClientStreamAsync(TenBatches(sequence), Context(ct)).ConfigureAwait(false);
                if (response.Users.Count != 100)
                {
                    throw new BadResponseException($"expected 100 users, got {response.Users.Count}");
                }
            }, index, recorder, stopping, token)));

    private static async IAsyncEnumerable<UserScoreRequest> TenBatches(int sequence)
    {
        for (var i = 0; i < 10; i++)
        {
            yield return Batches[((sequence * 10) + i) % Batches.Length];
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}

/// <summary>
/// Duplex <c>UserService/GetUserScoreByDoubleEndStream</c>: each caller keeps one call open for the whole run and makes
/// round trips on it: one message of 10 users out, its answer back. A "call" in the table is one round trip.
/// </summary>
internal sealed class DuplexScenario : Scenario
{
    private static readonly UserScoreRequest[] Batches = Enumerable.Range(0, 100).Select(i => Users(i * 10, 10)).ToArray();

    public override string Name => "duplex";

    public override string Description => "GetUserScoreByDoubleEndStream, round trips of 10 users";

    public override int DefaultCallers => 8;

    public override Task<ScenarioTarget> ConnectAsync(ServerProcess server, int channels, CertificateSet certificates, BenchSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<ScenarioTarget>(new GrpcTarget(CreateClients(server, channels, certificates, settings), RoundTripsAsync));

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
                responses = client.Users.GetUserScoreByDoubleEndStreamAsync(outgoing.Reader.ReadAllAsync(cancellationToken), Context(cancellationToken))
                    .GetAsyncEnumerator(cancellationToken);
                while (!stopping.IsSet)
                {
                    var start = System.Diagnostics.Stopwatch.GetTimestamp();
                    outgoing.Writer.TryWrite(Batches[sequence++ % Batches.Length]);
                    if (!await responses.MoveNextAsync().ConfigureAwait(false))
                    {
                        throw new BadResponseException("the server ended the duplex stream early");
                    }

                    if (responses.Current.Users.Count != 10)
                    {
                        throw new BadResponseException($"expected 10 users, got {responses.Current.Users.Count}");
                    }

                    recorder.Success(start, System.Diagnostics.Stopwatch.GetTimestamp());
                }

                // End the call cleanly: no more requests, the server completes its side.
                outgoing.Writer.TryComplete();
                if (await responses.MoveNextAsync().ConfigureAwait(false))
                {
                    throw new BadResponseException("an answer without a request");
                }
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
                if (responses is not null)
                {
                    try
                    {
                        await responses.DisposeAsync().ConfigureAwait(false);
                    }
                    catch (Exception) when (stopping.IsSet || cancellationToken.IsCancellationRequested)
                    {
                    }
                }
            }
        }
    }
}

/// <summary>
/// REST <c>GET /v1/prod/{id}</c> on server A's gateway (B has none), over HTTP/2 with the client certificate: one
/// HttpClient (one connection) per channel, like the gRPC scenarios.
/// </summary>
internal sealed class RestScenario : Scenario
{
    private static readonly string[] Paths = Enumerable.Range(0, 3000)
        .Select(i => $"/v1/prod/{1 + (i % 1000)}?prod_area={"ABC"[i % 3]}").ToArray();

    public override string Name => "rest";

    public override string Description => "REST GET /v1/prod/{id} (A's gateway)";

    public override int DefaultCallers => 16;

    public override bool BothServers => false;

    public override Task<ScenarioTarget> ConnectAsync(ServerProcess server, int channels, CertificateSet certificates, BenchSettings settings, CancellationToken cancellationToken)
    {
        var port = server.RestPort ?? throw new InvalidOperationException($"server {server.Label} has no REST listener");
        var clients = Enumerable.Range(0, channels).Select(_ => new HttpClient(certificates.CreateHttpHandler(), disposeHandler: true)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        }).ToArray();
        return Task.FromResult<ScenarioTarget>(new RestTarget(clients));
    }

    private sealed class RestTarget(HttpClient[] clients) : ScenarioTarget
    {
        public override Task RunCallerAsync(int channel, int callerIndex, CallRecorder recorder, StopSignal stopping, CancellationToken cancellationToken)
        {
            var client = clients[channel];
            return LoadRun.ClosedLoopAsync(async (sequence, ct) =>
            {
                using var response = await client.GetAsync(Paths[sequence % Paths.Length], ct).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new RestStatusException(response.StatusCode);
                }

                var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                if (body.Length == 0 || body[0] != (byte)'{')
                {
                    throw new BadResponseException("the answer is not a JSON object");
                }
            }, callerIndex, recorder, stopping, cancellationToken);
        }

        public override ValueTask DisposeAsync()
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            return ValueTask.CompletedTask;
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
