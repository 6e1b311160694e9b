using ProdStock.Services.Storage.Sqlite;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;
using static ProdStock.IntegrationTests.Gateway.GatewayJson;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>The gateway as its own process role (<c>gateway --upstream …</c>): REST in front of a separately started gRPC host.</summary>
public sealed class RemoteGatewayTests : IAsyncLifetime
{
    private readonly TestWorkspace _workspace = new();
    private TestHost _upstream = null!;
    private TestHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, "--ProdStock:Rest:Enabled=false");
        _gateway = await TestHost.StartRemoteGatewayAsync(_workspace.Certificates, _upstream.Address);
    }

    private HttpClient Rest() => RestClients.Create(_gateway.RestAddress, _workspace.Certificates.Authority, _workspace.Certificates.Client);

    [Fact]
    public async Task GetProd_ThroughRemoteGateway_ReturnsUpstreamStock()
    {
        using var http = Rest();

        var json = await (await http.GetAsync("/v1/prod/5?prod_area=B").DefaultTimeout()).ReadJsonAsync();

        json.GetProperty("prod_stock").GetInt32().Should().Be(DemoDataSet.Product(5)!.StockIn(ProdAreas.B));
    }

    [Fact]
    public async Task PostOrders_ThroughRemoteGateway_IsStoredUpstream()
    {
        using var http = Rest();
        var orderNo = "remote-" + Guid.NewGuid().ToString("N");

        using var response = await http.PostAsync("/v1/orders", Json($$"""{"order_no":"{{orderNo}}","user_id":3,"order_money":7.5}""")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = await _upstream.Services.GetRequiredService<SqliteOrderStore>().FindByOrderNoAsync(orderNo, CancellationToken.None).DefaultTimeout();
        stored.Should().NotBeNull();
        stored!.OrderId.Should().Be(long.Parse((await response.ReadJsonAsync()).GetProperty("order_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Errors_ThroughRemoteGateway_KeepTheUpstreamStatus()
    {
        using var http = Rest();

        using var notFound = await http.GetAsync("/v1/prod/4242").DefaultTimeout();
        using var invalid = await http.GetAsync("/v1/prod?size=0").DefaultTimeout();

        notFound.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await notFound.ReadJsonAsync()).GetProperty("message").GetString().Should().Be("product 4242 was not found");
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.ReadJsonAsync()).GetProperty("code").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Streams_ThroughRemoteGateway_AreForwarded()
    {
        using var http = Rest();

        var lines = await (await http.PostAsync("/v1/users/scores:stream", Json("""{"users":[{"user_id":1},{"user_id":2},{"user_id":3},{"user_id":4},{"user_id":5}]}""")).DefaultTimeout()).ReadNdjsonAsync();
        var collected = await (await http.PostAsync("/v1/users/scores:collect", Ndjson("""{"users":[{"user_id":9}]}""", """{"users":[{"user_id":10}]}""")).DefaultTimeout()).ReadJsonAsync();

        lines.Select(l => l.GetProperty("users").GetArrayLength()).Should().Equal(2, 2, 1);
        collected.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("user_score").GetInt32()).Should().Equal(DemoDataSet.Score(9), DemoDataSet.Score(10));
    }

    [Fact]
    public async Task UpstreamDown_ThroughRemoteGateway_ReturnsServiceUnavailable()
    {
        await using var gateway = await TestHost.StartRemoteGatewayAsync(_workspace.Certificates, new Uri("https://localhost:1"),
            "--ProdStock:Gateway:Upstream:MaxRetryAttempts=2");
        using var http = RestClients.Create(gateway.RestAddress, _workspace.Certificates.Authority, _workspace.Certificates.Client);

        using var response = await http.GetAsync("/v1/prod/1").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.ReadJsonAsync()).GetProperty("code").GetInt32().Should().Be(14);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
        _workspace.Dispose();
    }
}
