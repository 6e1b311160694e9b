using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Services.Storage.Memory;
using ProdStock.Services.Storage.Postgres;
using ProdStock.Services.Storage.Sqlite;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Storage;

/// <summary>
/// <see cref="IOrderStore"/> with the same semantics on every engine, under concurrency: one order per order number,
/// all-or-nothing lines, stock never below zero, no deadlock whatever order the lines come in.
/// </summary>
public sealed class OrderStoreTests
{
    public static TheoryData<string> Engines => new() { "Sqlite", "Postgres", "Memory" };

    private static NewOrder Order(string orderNo, params OrderLineItem[] lines) => new(orderNo, 3, 9.5f, new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc), true, lines);

    private static ValueTask<StoredOrder?> FindAsync(TestStore store, string orderNo) => store.Get<IOrderStore>() switch
    {
        SqliteOrderStore sqlite => sqlite.FindByOrderNoAsync(orderNo, CancellationToken.None),
        PostgresOrderStore postgres => postgres.FindByOrderNoAsync(orderNo, CancellationToken.None),
        _ => store.Get<MemoryStore>().FindByOrderNoAsync(orderNo, CancellationToken.None),
    };

    private static async Task<int> StoredStockAsync(TestStore store, int prodId, ProdAreas area) =>
        (await store.Get<IProductStore>().ReadAllAsync(CancellationToken.None).ReadAllAsync()).Single(p => p.ProdId == prodId).StockIn(area);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task PlaceAsync_ConcurrentSameOrderNo_StoresOnceAndMovesStockOnce(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine: engine);
        var orders = store.Get<IOrderStore>();
        var before = DemoDataSet.Product(1)!.StockIn(ProdAreas.A);
        var order = Order("same-1", new OrderLineItem(1, ProdAreas.A, 2));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await orders.PlaceAsync(order, CancellationToken.None)))).DefaultTimeout();

        results.OfType<OrderPlacement.Placed>().Should().ContainSingle();
        results.OfType<OrderPlacement.AlreadyStored>().Should().HaveCount(19).And.OnlyContain(r => r.Order.OrderId == results.OfType<OrderPlacement.Placed>().Single().Order.OrderId);
        store.Get<ProductReadModel>().FindStock(1, ProdAreas.A).Should().Be(before - 2);
        (await StoredStockAsync(store, 1, ProdAreas.A)).Should().Be(before - 2);
        var stored = await FindAsync(store, "same-1").DefaultTimeout();
        stored.Should().BeEquivalentTo(results.OfType<OrderPlacement.Placed>().Single().Order, "the order reads back as stored, lines and UTC time included");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task PlaceAsync_ShortAndUnknownLines_StoresNothingAndMovesNothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine: engine);
        var orders = store.Get<IOrderStore>();
        var stock = DemoDataSet.Product(1)!.StockIn(ProdAreas.B);

        var shortOrder = await orders.PlaceAsync(Order("short", new OrderLineItem(2, ProdAreas.A, 1), new OrderLineItem(1, ProdAreas.B, stock + 1)), CancellationToken.None).DefaultTimeout();
        var unknown = await orders.PlaceAsync(Order("unknown", new OrderLineItem(1, ProdAreas.B, 1), new OrderLineItem(5000, ProdAreas.A, 1), new OrderLineItem(5000, ProdAreas.B, 1)), CancellationToken.None).DefaultTimeout();

        shortOrder.Should().BeEquivalentTo(new OrderPlacement.InsufficientStock([new StockShortage(1, ProdAreas.B, stock + 1, stock)]));
        unknown.Should().BeEquivalentTo(new OrderPlacement.UnknownProducts([5000]));
        store.Get<ProductReadModel>().FindStock(1, ProdAreas.B).Should().Be(stock);
        (await StoredStockAsync(store, 2, ProdAreas.A)).Should().Be(DemoDataSet.Product(2)!.StockIn(ProdAreas.A), "the short order's other line moved nothing");
        (await FindAsync(store, "short").DefaultTimeout()).Should().BeNull();
        (await FindAsync(store, "unknown").DefaultTimeout()).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task PlaceAsync_TwoHundredConcurrentOneUnitOrdersOnAStockOfHundred_PlacesExactlyHundred(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine: engine);
        var demo = DemoDataSet.Product(4)!.StockIn(ProdAreas.C);
        await store.Get<IStockStore>().AdjustAsync(new StockAdjustment("to-100", 4, ProdAreas.C, 100 - demo), CancellationToken.None).DefaultTimeout();
        var orders = store.Get<IOrderStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            await orders.PlaceAsync(Order($"unit-{i}", new OrderLineItem(4, ProdAreas.C, 1)), CancellationToken.None)))).DefaultTimeout();

        results.OfType<OrderPlacement.Placed>().Should().HaveCount(100);
        results.OfType<OrderPlacement.InsufficientStock>().Should().HaveCount(100)
            .And.OnlyContain(r => r.Shortages.Single() == new StockShortage(4, ProdAreas.C, 1, 0));
        store.Get<ProductReadModel>().FindStock(4, ProdAreas.C).Should().Be(0);
        (await StoredStockAsync(store, 4, ProdAreas.C)).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task PlaceAsync_ConcurrentOrdersListingTheSameProductsInOppositeOrders_AllCompleteWithExactStock(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine: engine);
        var orders = store.Get<IOrderStore>();
        OrderLineItem[] lines = [new(5, ProdAreas.A, 1), new(6, ProdAreas.B, 1), new(7, ProdAreas.C, 1)];

        // Half the orders list the lines forwards, half backwards: an engine locking rows in line order would deadlock.
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
            await orders.PlaceAsync(Order($"cross-{i}", [.. i % 2 == 0 ? lines : lines.Reverse()]), CancellationToken.None)))).DefaultTimeout();

        results.Should().AllBeOfType<OrderPlacement.Placed>();
        foreach (var line in lines)
        {
            var expected = DemoDataSet.Product(line.ProdId)!.StockIn(line.Area) - 60;
            (await StoredStockAsync(store, line.ProdId, line.Area)).Should().Be(expected);
            store.Get<ProductReadModel>().FindStock(line.ProdId, line.Area).Should().Be(expected);
        }
    }
}
