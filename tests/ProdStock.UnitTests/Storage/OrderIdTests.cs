using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.Memory;
using ProdStock.Services.Storage.Postgres;
using ProdStock.Services.Storage.Sqlite;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Storage;

/// <summary>
/// Order ids on every engine: 64-bit, so they go on past the old int32 limit, and taken only by an order that is
/// stored, so replays and refused orders cannot use them up.
/// </summary>
public sealed class OrderIdTests
{
    public static TheoryData<string> Engines => new() { "Sqlite", "Postgres", "Memory" };

    private static NewOrder Order(string orderNo, int userId = 3, params OrderLineItem[] lines) =>
        new(orderNo, userId, 9.5f, new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc), true, lines);

    private static ValueTask<StoredOrder?> FindAsync(TestStore store, string orderNo) => store.Get<IOrderStore>() switch
    {
        SqliteOrderStore sqlite => sqlite.FindByOrderNoAsync(orderNo, CancellationToken.None),
        PostgresOrderStore postgres => postgres.FindByOrderNoAsync(orderNo, CancellationToken.None),
        _ => store.Get<MemoryStore>().FindByOrderNoAsync(orderNo, CancellationToken.None),
    };

    /// <summary>Makes the engine's next order id <paramref name="lastOrderId"/> + 1, as if that many orders were stored.</summary>
    private static async Task ContinueOrderIdsAfterAsync(TestStore store, string engine, long lastOrderId)
    {
        switch (engine)
        {
            case "Sqlite":
                await store.ScalarAsync($"DELETE FROM sqlite_sequence WHERE name = 'orders'; INSERT INTO sqlite_sequence (name, seq) VALUES ('orders', {lastOrderId});");
                break;
            case "Postgres":
                await store.ScalarAsync($"ALTER TABLE orders ALTER COLUMN order_id RESTART WITH {lastOrderId + 1};");
                break;
            default:
                store.Get<MemoryStore>().ContinueOrderIdsAfter(lastOrderId);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task PlaceAsync_IdsStartingJustBelowInt32Max_GoPastItAndReadBack(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine: engine);
        const long last = int.MaxValue - 2L;
        await ContinueOrderIdsAfterAsync(store, engine, last);
        var orders = store.Get<IOrderStore>();

        var placed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var outcome = await orders.PlaceAsync(Order($"near-limit-{i}", lines: new OrderLineItem(1, ProdAreas.A, 1)), CancellationToken.None).DefaultTimeout();
            placed.Add(outcome.Should().BeOfType<OrderPlacement.Placed>().Subject.Order.OrderId);
        }

        placed.Should().Equal(Enumerable.Range(1, 5).Select(i => last + i), "ids go on one by one past 2^31 - 1");
        var replay = await orders.PlaceAsync(Order("near-limit-4", lines: new OrderLineItem(1, ProdAreas.A, 1)), CancellationToken.None).DefaultTimeout();
        replay.Should().BeOfType<OrderPlacement.AlreadyStored>().Which.Order.OrderId.Should().Be(int.MaxValue + 3L);
        var stored = await FindAsync(store, "near-limit-4").DefaultTimeout();
        stored!.OrderId.Should().Be(int.MaxValue + 3L);
        stored.Lines.Should().Equal(new OrderLineItem(1, ProdAreas.A, 1));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task PlaceAsync_ReplaysConflictsAndRefusedOrders_TakeNoId(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine: engine);
        var orders = store.Get<IOrderStore>();
        var first = await orders.PlaceAsync(Order("first"), CancellationToken.None).DefaultTimeout();
        var firstId = first.Should().BeOfType<OrderPlacement.Placed>().Subject.Order.OrderId;

        // Replays and same-number orders with other contents, at once, then orders the stock check refuses.
        var again = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await orders.PlaceAsync(Order("first", userId: 3 + (i % 2)), CancellationToken.None)))).DefaultTimeout();
        var refused = await orders.PlaceAsync(Order("too-much", lines: new OrderLineItem(1, ProdAreas.A, int.MaxValue)), CancellationToken.None).DefaultTimeout();
        var unknown = await orders.PlaceAsync(Order("unknown", lines: new OrderLineItem(5000, ProdAreas.A, 1)), CancellationToken.None).DefaultTimeout();
        var next = await orders.PlaceAsync(Order("next"), CancellationToken.None).DefaultTimeout();

        again.Should().AllBeOfType<OrderPlacement.AlreadyStored>();
        refused.Should().BeOfType<OrderPlacement.InsufficientStock>();
        unknown.Should().BeOfType<OrderPlacement.UnknownProducts>();
        next.Should().BeOfType<OrderPlacement.Placed>().Which.Order.OrderId.Should().Be(firstId + 1, "only a stored order takes an id");
    }
}
