using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ProdStock.ClientSdk;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Telemetry;

/// <summary>
/// A host with telemetry on whose tracer and meter providers also export to memory (added through TestHost's
/// configureServices hook, as an application adds exporters), and, in the role of an application using the ClientSdk, a
/// client-side tracer provider that records the SDK's gRPC client spans and the tests' own root spans.
/// </summary>
public sealed class TelemetryHostFixture : IAsyncLifetime
{
    /// <summary>The source of the tests' root spans; every span of a test's trace descends from one.</summary>
    public static readonly ActivitySource TestSource = new("ProdStock.IntegrationTests.Telemetry");

    private static readonly TimeSpan SpanWait = TimeSpan.FromSeconds(10);

    private readonly TestWorkspace _workspace = new();
    private readonly LockedList<Activity> _serverSpans = new();
    private readonly LockedList<Activity> _clientSpans = new();
    private readonly LockedList<MetricSnapshot> _metrics = new();
    private TestHost? _host;
    private TracerProvider? _clientTracing;

    public TestHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public TestCertificates Certificates => _workspace.Certificates;

    public async Task InitializeAsync()
    {
        _clientTracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TestSource.Name)
            .AddGrpcClientInstrumentation()
            .AddInMemoryExporter(_clientSpans)
            .Build();
        _host = await TestHost.StartAsync(
            _workspace.Certificates,
            _workspace.StorePath,
            services => services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_serverSpans))
                .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics)),
            "--ProdStock:Telemetry:Enabled=true",
            "--ProdStock:Telemetry:Tracing=true");
    }

    public ProdStockClient CreateClient(Action<ProdStockClientOptions>? configure = null) => _workspace.CreateClient(Host.Address, configure);

    public HttpClient CreateRestClient() => RestClients.Create(Host.RestAddress, Certificates.Authority, Certificates.Client);

    /// <summary>Starts a recorded root span for a test: the trace every span of the test's calls belongs to.</summary>
    public static Activity StartRootSpan(string name) =>
        TestSource.StartActivity(name, ActivityKind.Internal) ?? throw new InvalidOperationException("The test source is not listened to.");

    /// <summary>The SDK's client spans of a trace.</summary>
    public List<Activity> ClientSpans(ActivityTraceId trace) =>
        [.. _clientSpans.Snapshot().Where(span => span.TraceId == trace && span.Source.Name != TestSource.Name)];

    /// <summary>The host's spans of a trace once <paramref name="complete"/> holds for them (a server span ends just after the client has its answer).</summary>
    public async Task<List<Activity>> ServerSpansAsync(ActivityTraceId trace, Func<List<Activity>, bool> complete)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            List<Activity> spans = [.. _serverSpans.Snapshot().Where(span => span.TraceId == trace)];
            if (complete(spans))
            {
                return spans;
            }

            if (waited.Elapsed > SpanWait)
            {
                throw new TimeoutException($"The host's spans of trace {trace} did not arrive within {SpanWait}: {string.Join(", ", spans.Select(s => s.DisplayName))}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Collects the host's metrics now (every point, cumulative since the host started).</summary>
    public List<MetricSnapshot> CollectMetrics()
    {
        _metrics.Clear();
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        return _metrics.Snapshot();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _clientTracing?.Dispose();
        _workspace.Dispose();
    }
}
