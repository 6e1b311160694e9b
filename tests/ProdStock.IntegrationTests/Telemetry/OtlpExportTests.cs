using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Telemetry;

/// <summary>
/// OTEL_EXPORTER_OTLP_ENDPOINT set: the host exports over OTLP. The host runs as its own process (the variable is read
/// when the host is built, and would reach every host of this process otherwise) against a collector stand-in that
/// keeps what it is sent.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OtlpExportTests : IAsyncLifetime
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly TestWorkspace _workspace = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private WebApplication? _collector;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            _received.Enqueue((context.Request.Path.Value!, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await _collector.StartAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Host_OtlpEndpointSet_ExportsTracesAndMetricsThere()
    {
        var endpoint = _collector!.Urls.Single();
        using var host = HostProcess.Start(
            _workspace.Folder,
            "Production",
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            },
            ["--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Rest:Enabled=false", $"--ProdStock:Store:Path={_workspace.StorePath}",
             .. TestHost.CertificateArguments(_workspace.Certificates)]);
        var address = await host.ListeningAsync(ProcessTimeout);
        using var client = _workspace.CreateClient(address);

        await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 3 }).DefaultTimeout();

        await ReceivedAsync("/v1/traces", "services.ProdService/GetProdStock", host);
        await ReceivedAsync("/v1/metrics", "rpc.server.duration", host);
        Received("/v1/traces").Should().Contain("prodstock", "the service is named prodstock");
    }

    public async Task DisposeAsync()
    {
        if (_collector is not null)
        {
            await _collector.StopAsync().DefaultTimeout();
            await _collector.DisposeAsync();
        }

        _workspace.Dispose();
    }

    /// <summary>Everything sent to a path so far, as text (OTLP's protobuf carries names as UTF-8).</summary>
    private string Received(string path) =>
        string.Concat(_received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

    private async Task ReceivedAsync(string path, string text, HostProcess host)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Received(path).Contains(text, StringComparison.Ordinal))
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Nothing with '{text}' was exported to {path} within 30 s; received: {string.Join(", ", _received.Select(r => r.Path))}. Host output:{Environment.NewLine}{host.Output}");
            }

            await Task.Delay(100);
        }
    }
}
