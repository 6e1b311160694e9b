using System.Net;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProdStock.Host.Telemetry;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.Sqlite;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Telemetry;

/// <summary>
/// ProdStock:Telemetry:Enabled=false (TestHost's default) leaves the host as it was without telemetry: no decorated
/// stores, no metrics interceptor, no /metrics. Whether anything listens is process-wide, so it is not asserted here.
/// </summary>
public sealed class TelemetrySwitchTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task Start_TelemetryDisabled_UsesTheEngineStoresAndNoInterceptorAndServesNoMetrics()
    {
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath);
        using var http = new HttpClient { BaseAddress = host.ManagementAddress, Timeout = TimeSpan.FromSeconds(30) };

        using var response = await http.GetAsync("/metrics").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        host.Services.GetRequiredService<IOrderStore>().Should().BeOfType<SqliteOrderStore>();
        host.Services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.Interceptors
            .Should().NotContain(registration => registration.Type == typeof(RpcServerMetricsInterceptor));
    }

    [Fact]
    public async Task Start_OtelSdkDisabled_TurnsTelemetryOffToo()
    {
        await using var host = await TestHost.StartAsync(
            _workspace.Certificates, _workspace.StorePath, "--ProdStock:Telemetry:Enabled=true", "--OTEL_SDK_DISABLED=true");

        host.Services.GetRequiredService<TelemetrySwitch>().Enabled.Should().BeFalse();
        host.Services.GetRequiredService<IOrderStore>().Should().BeOfType<SqliteOrderStore>();
    }

    public void Dispose() => _workspace.Dispose();
}
