using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>
/// The host starts no ASP.NET Core activity per request unless configuration asks for the hosting diagnostics logger
/// (Hosting/RequestActivityDefault). TestHost starts hosts with telemetry off; the telemetry tests, whose host listens,
/// run alone after every parallel collection (Telemetry/TelemetryCollection).
/// </summary>
public sealed class RequestActivityTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task NewOrder_DefaultLogging_RunsWithoutARequestActivity()
    {
        var seen = await ActivitySeenByTheStoreAsync();

        seen.Should().BeNull();
    }

    [Fact]
    public async Task NewOrder_HostingDiagnosticsConfigured_RunsInsideARequestActivity()
    {
        var seen = await ActivitySeenByTheStoreAsync("--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information");

        seen.Should().NotBeNull();
        seen!.OperationName.Should().Be("Microsoft.AspNetCore.Hosting.HttpRequestIn");
    }

    public void Dispose() => _workspace.Dispose();

    private async Task<Activity?> ActivitySeenByTheStoreAsync(params string[] arguments)
    {
        var store = new ActivityRecordingStore();
        await using var host = await TestHost.StartAsync(
            _workspace.Certificates, _workspace.StorePath, services => services.AddSingleton<IOrderStore>(store), arguments);
        using var client = _workspace.CreateClient(host.Address);

        var response = await client.Orders.NewOrderAsync(new OrderRequest { OrderMain = new OrderMain { OrderNo = "activity-1", UserId = 1, OrderMoney = 1 } }).DefaultTimeout();

        response.OrderId.Should().Be(ActivityRecordingStore.OrderId);
        return store.Seen.Should().ContainSingle().Subject;
    }

    /// <summary>Reads are served from memory; a write reaches the store, in the call's execution context.</summary>
    private sealed class ActivityRecordingStore : IOrderStore
    {
        public const int OrderId = 42;

        public ConcurrentQueue<Activity?> Seen { get; } = new();

        public ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
        {
            Seen.Enqueue(Activity.Current);
            return ValueTask.FromResult<OrderPlacement>(new OrderPlacement.Placed(
                new StoredOrder(OrderId, order.OrderNo, order.UserId, order.Money, order.OrderTime, order.TimeFromClient, order.Lines)));
        }
    }
}
