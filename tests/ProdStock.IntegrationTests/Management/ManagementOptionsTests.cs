using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProdStock.Host.Hosting;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Management;

/// <summary>The <c>ProdStock:Management</c> settings: checked at start against the other listeners, and the switch.</summary>
public sealed class ManagementOptionsTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    [Theory]
    [InlineData("--ProdStock:Grpc:Port=17086", "--ProdStock:Management:Port=17086")]
    [InlineData("--ProdStock:Rest:Port=17468", "--ProdStock:Management:Port=17468")]
    [InlineData("--ProdStock:Management:Host=not-an-address", "--ProdStock:Management:Port=0")]
    [InlineData("--ProdStock:Management:Port=70000", "--ProdStock:Management:Enabled=true")]
    public async Task RunProdStockAsync_InvalidManagementSetting_ReturnsStartupFailedExitCode(string first, string second)
    {
        await using var app = TestHost.Build(TestHost.CertificateArguments(_workspace.Certificates), _workspace.StorePath, Environments.Production, null, first, second);

        var exitCode = await app.RunProdStockAsync().DefaultTimeout();

        exitCode.Should().Be(ProdStockApplicationExtensions.StartupFailedExitCode);
    }

    [Fact]
    public async Task StartAsync_ManagementDisabled_ServesWithoutTheListener()
    {
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, "--ProdStock:Management:Enabled=false");

        host.ManagementAddress.Should().BeNull();
        host.Services.GetRequiredService<ListenerAddresses>().Grpc.Should().NotBeNull();
    }

    public void Dispose() => _workspace.Dispose();
}
