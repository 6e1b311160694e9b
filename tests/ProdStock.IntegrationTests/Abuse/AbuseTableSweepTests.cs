using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// The cheap probes of the abuse table (README.md in this folder) all at once on a host of their own, with valid orders
/// placed between them: every probe is refused as it is alone, the host still serves normally afterwards, and every
/// order it acknowledged during the sweep is in the store while none of the refused ones is.
/// </summary>
public sealed class AbuseTableSweepTests
{
    private const int Rounds = 4;
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static b => b, static b => b);

    [Fact]
    public async Task AbuseTable_CheapProbesInOneGo_HostServesAfterAndLosesNoAcknowledgedOrder()
    {
        await using var host = await LimitedHost.StartAsync("--ProdStock:Limits:StreamIdleTimeout=00:00:01");
        using var client = host.Workspace.CreateClient(host.Host.Address, options => options.ValidateRequests = false);
        using var channel = host.Channel();
        using var rest = RestClients.Create(host.Host.RestAddress, host.Workspace.Certificates.Authority, host.Workspace.Certificates.Client);
        using var raw = new HttpClient(TestTlsHandler.Create(host.Workspace.Certificates.Authority, host.Workspace.Certificates.Client));
        var acknowledged = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();

        var probes = new List<(string Name, Func<Task> Probe)>();
        for (var round = 0; round < Rounds; round++)
        {
            probes.Add(("valid gRPC order", async () => acknowledged.Add(await PlaceAsync(client))));
            probes.Add(("valid REST order", async () => acknowledged.Add(await PostAsync(rest, Fresh(), "2026-12-06T10:00:00Z", HttpStatusCode.OK))));
            probes.Add(("framing: length prefix of 2 GiB", async () =>
                (await RawGrpcAsync(raw, host.Host.Address, RawGrpcRequests.Frame(0, 0x8000_0000, [0x08, 0x01]))).Should().Be(StatusCode.ResourceExhausted)));
            probes.Add(("framing: compressed flag 7", async () =>
                (await RawGrpcAsync(raw, host.Host.Address, RawGrpcRequests.Frame(7, 2, [0x08, 0x01]))).Should().Be(StatusCode.Internal)));
            probes.Add(("grpc-timeout: 1n", async () =>
                (await RawGrpcAsync(raw, host.Host.Address, RawGrpcRequests.Frame([0x08, 0x01]), ("grpc-timeout", "1n"))).Should().Be(StatusCode.DeadlineExceeded)));
            probes.Add(("REST order as text/plain", async () => refused.Add(await PostAsync(rest, Fresh(), "2026-12-06T10:00:00Z", HttpStatusCode.UnsupportedMediaType, contentType: "text/plain"))));
            probes.Add(("REST order from another site", async () => refused.Add(await PostAsync(rest, Fresh(), "2026-12-06T10:00:00Z", HttpStatusCode.Forbidden, origin: "https://evil.example"))));
            probes.Add(("REST order_time out of range", async () => refused.Add(await PostAsync(rest, Fresh(), "10000-01-01T00:00:00Z", HttpStatusCode.BadRequest))));
            probes.Add(("gRPC order_time nanos out of range", async () => refused.Add(await PlaceOutOfRangeAsync(channel))));
            probes.Add(("silent client stream", async () =>
            {
                using var call = UserStreamCalls.ClientStream(channel);
                await call.RequestStream.WriteAsync(UserStreamCalls.Request(1)).DefaultTimeout();
                var act = () => call.ResponseAsync.DefaultTimeout();
                (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
            }));
        }

        var failures = await Task.WhenAll(probes.Select(p => FailureOfAsync(p.Name, p.Probe))).DefaultTimeout();

        failures.Where(f => f is not null).Should().BeEmpty("every probe is answered as it is alone");
        var stock = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout();
        stock.ProdId.Should().Be(1, "the host still serves normally");
        acknowledged.Add(await PlaceAsync(client));
        acknowledged.Should().HaveCount(2 * Rounds + 1);
        foreach (var orderNo in acknowledged)
        {
            (await CountOrdersAsync(host.Workspace.StorePath, orderNo)).Should().Be(1, "order {0} was acknowledged", orderNo);
        }

        refused.Should().HaveCount(4 * Rounds);
        foreach (var orderNo in refused)
        {
            (await CountOrdersAsync(host.Workspace.StorePath, orderNo)).Should().Be(0, "order {0} was refused", orderNo);
        }
    }

    private static string Fresh() => "abuse-" + Guid.NewGuid().ToString("N");

    private static async Task<string> PlaceAsync(ProdStock.ClientSdk.ProdStockClient client)
    {
        var orderNo = Fresh();
        var answer = await client.Orders.NewOrderAsync(new OrderRequest
        {
            OrderMain = new OrderMain { OrderNo = orderNo, UserId = 7, OrderMoney = 1.5f, OrderTime = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc) },
        }).DefaultTimeout();
        answer.Status.Should().Be("OK");
        return orderNo;
    }

    /// <summary>A NewOrder whose order_time has nanos of 1,000,000,000 (raw bytes: no SDK builds it); refused INVALID_ARGUMENT.</summary>
    private static async Task<string> PlaceOutOfRangeAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        var orderNo = Fresh();
        var method = new Method<byte[], byte[]>(MethodType.Unary, ProtoNames.OrderService, "NewOrder", Bytes, Bytes);
        var act = () => channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)),
            RawOrderRequests.WithOrderTime(orderNo, 1_764_000_000, 1_000_000_000)).ResponseAsync.DefaultTimeout();
        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        return orderNo;
    }

    private static async Task<string> PostAsync(HttpClient http, string orderNo, string orderTime, HttpStatusCode expected, string contentType = "application/json", string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders")
        {
            Content = new StringContent($$"""{"order_no":"{{orderNo}}","user_id":7,"order_money":1,"order_time":"{{orderTime}}"}"""),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request).DefaultTimeout();
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        return orderNo;
    }

    /// <summary>One raw GetProdStock request body (gRPC frames as given); returns its status code.</summary>
    private static async Task<StatusCode> RawGrpcAsync(HttpClient http, Uri address, byte[] body, params (string Name, string Value)[] headers) =>
        (await RawGrpcRequests.SendAsync(http, address, "/services.ProdService/GetProdStock", body, headers)).Code;

    private static async Task<long> CountOrdersAsync(string storePath, string orderNo)
    {
        await using var connection = new SqliteConnection($"Data Source={storePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync().DefaultTimeout();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM orders WHERE order_no = $no";
        command.Parameters.AddWithValue("$no", orderNo);
        return (long)(await command.ExecuteScalarAsync().DefaultTimeout())!;
    }

    private static async Task<string?> FailureOfAsync(string name, Func<Task> probe)
    {
        try
        {
            await probe();
            return null;
        }
        catch (Exception ex)
        {
            return $"{name}: {ex.Message}";
        }
    }
}
