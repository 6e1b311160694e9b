using Grpc.Core;
using ProdStock.Services.Storage.Sqlite;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProdStock.Contracts;
using ProdStock.Host.Hosting;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>Tests that start and stop their own hosts: durability, graceful shutdown, start-up checks.</summary>
public sealed class HostLifecycleTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task NewOrder_HostRestartedOnSameStore_OrderIsStillThere()
    {
        var orderNo = "durable-" + Guid.NewGuid().ToString("N");
        var request = new OrderRequest { OrderMain = new OrderMain { OrderNo = orderNo, UserId = 3, OrderMoney = 99.5f, OrderTime = DateTime.UtcNow } };
        OrderResponse first;
        await using (var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath))
        {
            using var client = _workspace.CreateClient(host.Address);
            first = await client.Orders.NewOrderAsync(request).DefaultTimeout();
        }

        await using var restarted = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath);
        var stored = await restarted.Services.GetRequiredService<SqliteOrderStore>().FindByOrderNoAsync(orderNo, CancellationToken.None).DefaultTimeout();
        using var again = _workspace.CreateClient(restarted.Address);
        var replay = await again.Orders.NewOrderAsync(request).DefaultTimeout();

        stored.Should().NotBeNull();
        stored!.OrderId.Should().Be(first.OrderId);
        replay.Should().BeEquivalentTo(first);
    }

    [Fact]
    public async Task StopAsync_StreamInFlight_EndsItUnavailableAndStops()
    {
        var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath);
        await using var _ = host;
        using var client = _workspace.CreateClient(host.Address);
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        await using var responses = client.Users.GetUserScoreByDoubleEndStreamAsync(requests.Reader.ReadAllAsync()).GetAsyncEnumerator();
        await requests.Writer.WriteAsync(new UserScoreRequest { Users = [new UserInfo { UserId = 1 }] });
        (await responses.MoveNextAsync().DefaultTimeout()).Should().BeTrue("the call is now running on the server");

        // Issue 23: a stopping host ends open streams with UNAVAILABLE trailers (clients retry elsewhere) instead of
        // holding them until its shutdown timeout; unary calls in flight finish (Abuse/GracefulShutdownTests).
        // The client keeps a read pending, as a live duplex client does: read only after the connection closed, the
        // answer would race the HTTP/2 client, which drops a stream whose request side is still open when its connection closes.
        var pending = responses.MoveNextAsync().AsTask();
        var stopping = host.App.StopAsync();
        var next = async () => await pending.DefaultTimeout();

        var error = (await next.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unavailable);
        error.Status.Detail.Should().Be("server shutting down");
        await stopping.DefaultTimeout();
        requests.Writer.Complete();
    }

    [Fact]
    public async Task RunProdStockAsync_CertificatesMissingOutsideDevelopment_ReturnsStartupFailedExitCode()
    {
        var missing = Path.Combine(_workspace.Folder, "nowhere");
        string[] tls = [$"--ProdStock:Tls:CaCertificatePath={missing}/ca.pem", $"--ProdStock:Tls:CertificatePath={missing}/server.pem", $"--ProdStock:Tls:KeyPath={missing}/server.key"];
        await using var app = TestHost.Build(tls, _workspace.StorePath, Environments.Production, configureServices: null);

        var exitCode = await app.RunProdStockAsync().DefaultTimeout();

        exitCode.Should().Be(ProdStockApplicationExtensions.StartupFailedExitCode);
        Directory.Exists(missing).Should().BeFalse("certificates are generated in Development only");
    }

    [Fact]
    public async Task StartProdStockAsync_CertificatesMissingInDevelopment_GeneratesThemAndServes()
    {
        var folder = Path.Combine(_workspace.Folder, "dev-certs");
        string[] tls = [$"--ProdStock:Tls:CaCertificatePath={folder}/ca.pem", $"--ProdStock:Tls:CertificatePath={folder}/server.pem", $"--ProdStock:Tls:KeyPath={folder}/server.key"];
        await using var app = TestHost.Build(tls, _workspace.StorePath, Environments.Development, configureServices: null);

        await app.StartProdStockAsync().DefaultTimeout();

        Directory.GetFiles(folder).Select(Path.GetFileName).Should().BeEquivalentTo(["ca.pem", "server.pem", "server.key", "client.pem", "client.key"], "the CA key is kept apart");
        Directory.GetFiles(Path.Combine(folder, "ca")).Select(Path.GetFileName).Should().Equal("ca.key");
        var address = app.Services.GetRequiredService<ListenerAddresses>().Grpc!;
        using var client = _workspace.CreateClient(address, options =>
        {
            options.CaCertificatePath = Path.Combine(folder, "ca.pem");
            options.ClientCertificatePath = Path.Combine(folder, "client.pem");
            options.ClientKeyPath = Path.Combine(folder, "client.key");
        });
        (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 2 }).DefaultTimeout()).ProdStock
            .Should().Be(DemoDataSet.Product(2)!.StockIn(ProdAreas.A));
        await app.StopAsync().DefaultTimeout();
    }

    [Theory]
    [InlineData("--ProdStock:Grpc:Port=70000")]
    [InlineData("--ProdStock:Grpc:Host=not-an-address")]
    [InlineData("--ProdStock:Users:StreamBatchSize=0")]
    [InlineData("--ProdStock:Store:Provider=Oracle")]
    [InlineData("--ProdStock:Store:Provider=Postgres")]
    public async Task RunProdStockAsync_InvalidOption_ReturnsStartupFailedExitCode(string argument)
    {
        await using var app = TestHost.Build(TestHost.CertificateArguments(_workspace.Certificates), _workspace.StorePath, Environments.Production, null, argument);

        var exitCode = await app.RunProdStockAsync().DefaultTimeout();

        exitCode.Should().Be(ProdStockApplicationExtensions.StartupFailedExitCode);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Database=prodstock;Username=postgres;Timeout=5")]
    [InlineData("Host=not-a-host.invalid;Database=prodstock;Username=postgres;Timeout=5")]
    public async Task RunProdStockAsync_PostgresUnreachable_ReturnsStartupFailedExitCode(string connectionString)
    {
        await using var app = TestHost.Build(TestHost.CertificateArguments(_workspace.Certificates), _workspace.StorePath, Environments.Production, null,
            "--ProdStock:Store:Provider=Postgres", $"--ConnectionStrings:ProdStock={connectionString}");

        var exitCode = await app.RunProdStockAsync().DefaultTimeout();

        exitCode.Should().Be(ProdStockApplicationExtensions.StartupFailedExitCode);
    }

    public void Dispose() => _workspace.Dispose();
}
