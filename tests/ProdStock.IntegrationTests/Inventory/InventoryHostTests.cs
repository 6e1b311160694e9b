using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProdStock.Contracts;
using ProdStock.Host.Hosting;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Inventory;

/// <summary>
/// Stock adjustments across host starts and configurations: durability over a restart, the stock writers of Development
/// and Production by default, the remote gateway's own check, and invalid writer settings.
/// </summary>
public sealed class InventoryHostTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    private static AdjustStockRequest Adjust(int prodId, ProdAreas area, int delta) =>
        new() { ProdId = prodId, ProdArea = area, Delta = delta, AdjustmentId = "adj-" + Guid.NewGuid().ToString("N") };

    private static string WriterArgument(string name) => $"--ProdStock:Authorization:StockWriters:0={name}";

    [Fact]
    public async Task AdjustStock_HostRestartedOnSameStore_ReadsShowTheNewLevelAndRetryMovesNothing()
    {
        var request = Adjust(31, ProdAreas.B, 40);
        AdjustStockResponse first;
        await using (var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, WriterArgument("prodstock-client")))
        {
            using var client = _workspace.CreateClient(host.Address);
            first = await client.Inventory.AdjustStockAsync(request).DefaultTimeout();
        }

        await using var restarted = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, WriterArgument("prodstock-client"));
        using var again = _workspace.CreateClient(restarted.Address);
        var stock = await again.Products.GetProdStockAsync(new ProdRequest { ProdId = 31, ProdArea = ProdAreas.B }).DefaultTimeout();
        var replay = await again.Inventory.AdjustStockAsync(request).DefaultTimeout();
        var stockAfterReplay = await again.Products.GetProdStockAsync(new ProdRequest { ProdId = 31, ProdArea = ProdAreas.B }).DefaultTimeout();

        stock.ProdStock.Should().Be(first.ProdStock, "the read model is loaded from the store the adjustment was committed to");
        replay.Should().BeEquivalentTo(first);
        stockAfterReplay.ProdStock.Should().Be(first.ProdStock);
    }

    [Fact]
    public async Task AdjustStock_DevelopmentWithoutConfiguredWriters_GeneratedClientCertificateIsAWriter()
    {
        await using var app = TestHost.Build(TestHost.CertificateArguments(_workspace.Certificates), _workspace.StorePath, Environments.Development, null);
        await app.StartProdStockAsync().DefaultTimeout();
        using var client = _workspace.CreateClient(app.Services.GetRequiredService<ListenerAddresses>().Grpc!);

        var response = await client.Inventory.AdjustStockAsync(Adjust(32, ProdAreas.A, 1)).DefaultTimeout();

        response.ProdId.Should().Be(32);
        app.Services.GetRequiredService<IOptions<ProdStock.Host.Configuration.ProdStockHostOptions>>().Value.Authorization.StockWriters
            .Should().Equal("prodstock-client");
        await app.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task AdjustStock_ProductionWithoutConfiguredWriters_RefusesEveryClient()
    {
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath);
        using var client = _workspace.CreateClient(host.Address);

        var act = () => client.Inventory.AdjustStockAsync(Adjust(33, ProdAreas.A, 1)).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task AdjustStock_DevelopmentWithConfiguredWriters_GeneratedClientCertificateIsNotAWriter()
    {
        await using var app = TestHost.Build(TestHost.CertificateArguments(_workspace.Certificates), _workspace.StorePath, Environments.Development, null, WriterArgument("someone-else"));
        await app.StartProdStockAsync().DefaultTimeout();
        using var client = _workspace.CreateClient(app.Services.GetRequiredService<ListenerAddresses>().Grpc!);

        var act = () => client.Inventory.AdjustStockAsync(Adjust(34, ProdAreas.A, 1)).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
        await app.StopAsync().DefaultTimeout();
    }

    [Theory]
    [InlineData("--ProdStock:Authorization:StockWriters:0= padded ")]
    [InlineData("--ProdStock:Authorization:StockWriters:0=localhost")]
    public async Task RunProdStockAsync_InvalidStockWriter_ReturnsStartupFailedExitCode(string argument)
    {
        await using var app = TestHost.Build(TestHost.CertificateArguments(_workspace.Certificates), _workspace.StorePath, Environments.Production, null, argument);

        var exitCode = await app.RunProdStockAsync().DefaultTimeout();

        exitCode.Should().Be(ProdStockApplicationExtensions.StartupFailedExitCode);
    }

    [Fact]
    public async Task AdjustStock_ThroughRemoteGateway_GatewayChecksItsOwnRestCallers()
    {
        // The upstream host trusts the gateway's certificate as a writer; the gateway lists only stock-writer.
        using var writerCertificate = _workspace.Certificates.IssueNamedClient("stock-writer");
        await using var upstream = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, WriterArgument("gateway"));
        using var gatewayCertificate = _workspace.Certificates.IssueNamedClient("gateway");
        await using var gateway = await TestHost.StartRemoteGatewayAsync(_workspace.Certificates, upstream.Address,
            $"--ProdStock:Gateway:Upstream:ClientCertificatePath={_workspace.Certificates.CertificatePathOf("gateway")}",
            $"--ProdStock:Gateway:Upstream:ClientKeyPath={_workspace.Certificates.KeyPathOf("gateway")}",
            WriterArgument("stock-writer"));
        using var writer = RestClients.Create(gateway.RestAddress, _workspace.Certificates.Authority, writerCertificate);
        using var reader = RestClients.Create(gateway.RestAddress, _workspace.Certificates.Authority, _workspace.Certificates.Client);

        using var allowed = await writer.PostAsJsonAsync("/v1/stock:adjust", new { prod_id = 35, prod_area = "C", delta = 2, adjustment_id = "gw-1" }).DefaultTimeout();
        using var refused = await reader.PostAsJsonAsync("/v1/stock:adjust", new { prod_id = 35, prod_area = "C", delta = 2, adjustment_id = "gw-2" }).DefaultTimeout();

        allowed.StatusCode.Should().Be(HttpStatusCode.OK, await allowed.Content.ReadAsStringAsync().DefaultTimeout());
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the gateway refuses a REST caller that is not a writer, although its own certificate is one upstream");
        using var client = _workspace.CreateClient(upstream.Address);
        var direct = () => client.Inventory.AdjustStockAsync(Adjust(35, ProdAreas.C, 2)).DefaultTimeout();
        (await direct.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.PermissionDenied, "upstream, only the gateway's certificate is a writer");
    }

    public void Dispose() => _workspace.Dispose();
}
