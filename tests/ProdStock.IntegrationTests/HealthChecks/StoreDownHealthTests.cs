using System.Net;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.Sqlite;
using ProdStock.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProdStock.IntegrationTests.HealthChecks;

/// <summary>
/// A host whose store probe can be made to fail (reads still come from memory): the health service and <c>/readyz</c>
/// report it, <c>/healthz</c> does not.
/// </summary>
public sealed class StoreDownHealthTests : IAsyncLifetime
{
    private readonly TestWorkspace _workspace = new();
    private TestHost _host = null!;
    private SwitchableStore _store = null!;

    public static TheoryData<string> ServiceNames =>
        ["", "services.ProdService", "services.OrderService", "services.UserService", "services.InventoryService"];

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, services =>
        {
            services.AddSingleton(sp => new SwitchableStore(sp.GetRequiredService<SqliteProductStore>()));
            services.AddSingleton<IProductStore>(sp => sp.GetRequiredService<SwitchableStore>());
            // Publish every second, so Watch sees a change soon (the default period is 30 s).
            services.Configure<HealthCheckPublisherOptions>(options =>
            {
                options.Delay = TimeSpan.Zero;
                options.Period = TimeSpan.FromSeconds(1);
            });
        });
        _store = _host.Services.GetRequiredService<SwitchableStore>();
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public async Task Check_StoreFailing_ReturnsNotServing(string service)
    {
        _store.Failing = true;
        using var channel = RawChannels.Tls(_host.Address, _workspace.Certificates.Authority, _workspace.Certificates.Client);

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }).ResponseAsync.DefaultTimeout();

        response.Status.Should().Be(ServingStatus.NotServing);
    }

    [Fact]
    public async Task Readyz_StoreFailing_Returns503WithTheReason()
    {
        _store.Failing = true;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var response = await client.GetAsync(new Uri(_host.ManagementAddress!, "/readyz")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync().DefaultTimeout()).Should().Be("Unhealthy: store: the store does not answer");
    }

    [Fact]
    public async Task Healthz_StoreFailing_ReturnsHealthy()
    {
        _store.Failing = true;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var response = await client.GetAsync(new Uri(_host.ManagementAddress!, "/healthz")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK, "the process runs: a liveness probe must not restart it for its database");
        (await response.Content.ReadAsStringAsync().DefaultTimeout()).Should().Be("Healthy");
    }

    [Fact]
    public async Task GetProdStock_StoreFailing_IsStillServedFromMemory()
    {
        _store.Failing = true;
        using var client = _workspace.CreateClient(_host.Address);

        var response = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout();

        response.ProdId.Should().Be(1);
    }

    [Fact]
    public async Task Watch_StoreStartsFailingThenRecovers_StreamsEachStatus()
    {
        _store.Failing = false;
        using var channel = RawChannels.Tls(_host.Address, _workspace.Certificates.Authority, _workspace.Certificates.Client);
        using var cts = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
        using var call = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "services.OrderService" }, cancellationToken: cts.Token);
        var seen = new List<ServingStatus>();

        await NextAsync(); // the status now, checked afresh
        _store.Failing = true;
        await UntilAsync(ServingStatus.NotServing);
        _store.Failing = false;
        await UntilAsync(ServingStatus.Serving);

        // A change published by an earlier test may come first (the health publisher's cache); then the changes in order.
        seen.Should().StartWith(ServingStatus.Serving).And.EndWith([ServingStatus.NotServing, ServingStatus.Serving]);

        async Task NextAsync()
        {
            (await call.ResponseStream.MoveNext(cts.Token).DefaultTimeout()).Should().BeTrue();
            seen.Add(call.ResponseStream.Current.Status);
        }

        async Task UntilAsync(ServingStatus status)
        {
            do
            {
                await NextAsync();
            }
            while (seen[^1] != status);
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _workspace.Dispose();
    }

    /// <summary>The SQLite product store, whose probe fails while <see cref="Failing"/> is set.</summary>
    private sealed class SwitchableStore(IProductStore inner) : IProductStore
    {
        private volatile bool _failing;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public IAsyncEnumerable<ProductRecord> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

        public Task ProbeAsync(CancellationToken cancellationToken) =>
            _failing ? Task.FromException(new StoreUnavailableException("test: the store is down")) : inner.ProbeAsync(cancellationToken);
    }
}
