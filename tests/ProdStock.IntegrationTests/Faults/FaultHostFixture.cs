using System.Diagnostics.Metrics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.ClientSdk;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>
/// A host of its own for the fault table (not the shared <see cref="HostFixture"/>), so the rows of its store can be
/// counted exactly; it also watches the host's <c>http.server.active_requests</c> to see calls being freed.
/// </summary>
public sealed class FaultHostFixture : IAsyncLifetime
{
    private readonly TestWorkspace _workspace = new();
    private TestHost? _host;
    private MeterListener? _listener;
    private long _activeRequests;

    public TestCertificates Certificates => _workspace.Certificates;

    public string StorePath => _workspace.StorePath;

    public TestHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public Uri Address => Host.Address;

    public Uri RestAddress => Host.RestAddress;

    /// <summary>
    /// The sum of the host's <c>http.server.active_requests</c> measurements (meter <c>Microsoft.AspNetCore.Hosting</c>
    /// of this host's <see cref="IMeterFactory"/> only, not of other hosts in the process).
    /// </summary>
    public long ActiveRequests => Interlocked.Read(ref _activeRequests);

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(Certificates, StorePath);
        var meterFactory = _host.Services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting"
                    && instrument.Name == "http.server.active_requests"
                    && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _activeRequests, value));
        _listener.Start();
    }

    /// <summary>An SDK client that does not validate before sending, so every request reaches the server's own checks.</summary>
    public ProdStockClient CreateUncheckedClient(Action<ProdStockClientOptions>? configure = null) =>
        _workspace.CreateClient(Address, options =>
        {
            options.ValidateRequests = false;
            options.RetryReadOnlyCalls = false;
            options.RetryIdempotentWrites = false;
            configure?.Invoke(options);
        });

    /// <summary>A raw mutual-TLS channel with this host's CA and client certificate.</summary>
    public GrpcChannel CreateRawChannel() => RawChannels.Tls(Address, Certificates.Authority, Certificates.Client);

    /// <summary>An HttpClient for the REST gateway with this host's CA and client certificate.</summary>
    public HttpClient CreateRestClient() => RestClients.Create(RestAddress, Certificates.Authority, Certificates.Client);

    /// <summary>The standard gRPC health check of the whole server (service "").</summary>
    public async Task<HealthCheckResponse.Types.ServingStatus> CheckHealthAsync()
    {
        using var channel = CreateRawChannel();
        var response = await new Health.HealthClient(channel)
            .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync.DefaultTimeout();
        return response.Status;
    }

    /// <summary>Rows in the store's <c>orders</c> table (all of them, or those with one order number), read-only.</summary>
    public async Task<long> CountOrdersAsync(string? orderNo = null)
    {
        await using var connection = new SqliteConnection($"Data Source={StorePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync().DefaultTimeout();
        await using var command = connection.CreateCommand();
        command.CommandText = orderNo is null ? "SELECT COUNT(*) FROM orders" : "SELECT COUNT(*) FROM orders WHERE order_no = $no";
        command.Parameters.AddWithValue("$no", orderNo ?? "");
        return (long)(await command.ExecuteScalarAsync().DefaultTimeout())!;
    }

    /// <summary>
    /// <see cref="ActiveRequests"/> once the calls that just completed have left the host (the tests of the collection
    /// run one at a time, so that is 0); waits at most 5 s.
    /// </summary>
    public Task<long> SettledActiveRequestsAsync() => WaitForActiveRequestsAsync(v => v == 0, TimeSpan.FromSeconds(5));

    /// <summary>Waits (bounded) until <see cref="ActiveRequests"/> satisfies <paramref name="condition"/>; returns the last value seen.</summary>
    public async Task<long> WaitForActiveRequestsAsync(Func<long, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var value = ActiveRequests;
        while (!condition(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
            value = ActiveRequests;
        }

        return value;
    }

    public async Task DisposeAsync()
    {
        _listener?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _workspace.Dispose();
    }
}
