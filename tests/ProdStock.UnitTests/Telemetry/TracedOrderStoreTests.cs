using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;
using ProdStock.Services.Telemetry;

namespace ProdStock.UnitTests.Telemetry;

/// <summary>The order store decorator's span and counters, over a store that fails as an unreachable database does.</summary>
public sealed class TracedOrderStoreTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, string? Reason)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _tracing;

    public TracedOrderStoreTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's meter: other tests' hosts publish the same names.
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            _measurements.Enqueue((instrument.Name, value, reason));
        });
        _meters.Start();
        _tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_tracing);
    }

    [Fact]
    public async Task PlaceAsync_StoreUnavailable_CountsRefusalAndMarksTheSpanFailed()
    {
        var metrics = new ProdStockMetrics(_services.GetRequiredService<IMeterFactory>(), new ProductReadModel());
        var store = new TracedOrderStore(new UnavailableStore(), metrics, "postgresql");
        var orderNo = "unavailable-" + Guid.NewGuid().ToString("N");

        var place = () => store.PlaceAsync(new NewOrder(orderNo, 1, 1, DateTime.UtcNow, false, [new OrderLineItem(1, ProdAreas.A, 2)]), CancellationToken.None).AsTask();

        await place.Should().ThrowAsync<StoreUnavailableException>();
        _measurements.Should().ContainSingle().Which.Should().Be((ProdStockMetrics.OrdersRefused, 1L, "store_unavailable"));
        var span = _spans.Should().ContainSingle(s => Equals(s.GetTagItem(StoreTelemetry.OrderNoTag), orderNo)).Subject;
        span.DisplayName.Should().Be(StoreTelemetry.PlaceOrderSpan);
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem(StoreTelemetry.OutcomeTag).Should().Be("store_unavailable");
        span.GetTagItem(StoreTelemetry.EngineTag).Should().Be("postgresql");
        span.GetTagItem(StoreTelemetry.OrderUnitsTag).Should().Be(2);
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _meters.Dispose();
        _services.Dispose();
    }

    private sealed class UnavailableStore : IOrderStore
    {
        public ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken) =>
            ValueTask.FromException<OrderPlacement>(new StoreUnavailableException("connection refused"));
    }
}
