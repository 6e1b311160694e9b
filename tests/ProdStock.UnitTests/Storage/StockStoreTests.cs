using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
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
/// <see cref="IStockStore"/> with the same semantics on both engines (each test on its own store with the demo data):
/// idempotent by adjustment id, stock never below zero, nothing moved or recorded when refused, the read model updated.
/// </summary>
public sealed class StockStoreTests
{
    public static TheoryData<string> Engines => new() { "Sqlite", "Postgres", "Memory" };

    public static TheoryData<string> DatabaseEngines => new() { "Sqlite", "Postgres" };

    private static Task<TestStore> CreateAsync(string engine) => TestStore.CreateAsync(engine: engine);

    private static StockAdjustment Adjustment(string id, int prodId, ProdAreas area, int delta) => new(id, prodId, area, delta);

    private static int DemoStock(int prodId, ProdAreas area) => DemoDataSet.Product(prodId)!.StockIn(area);

    private static Task<StockAdjustmentOutcome> AdjustAsync(TestStore store, StockAdjustment adjustment) =>
        store.Get<IStockStore>().AdjustAsync(adjustment, CancellationToken.None).DefaultTimeout();

    private static int? ReadModelStock(TestStore store, int prodId, ProdAreas area) => store.Get<ProductReadModel>().FindStock(prodId, area);

    /// <summary>What the engine itself holds: the SQLite row, or (memory) the engine's own products as it would load them.</summary>
    private static async Task<int> StoredStockAsync(TestStore store, int prodId, ProdAreas area)
    {
        var products = await store.Get<IProductStore>().ReadAllAsync(CancellationToken.None).ReadAllAsync();
        return products.Single(p => p.ProdId == prodId).StockIn(area);
    }

    private static ValueTask<StoredAdjustment?> FindAsync(TestStore store, string id) => store.Get<IStockStore>() switch
    {
        SqliteStockStore sqlite => sqlite.FindAsync(id, CancellationToken.None),
        PostgresStockStore postgres => postgres.FindAsync(id, CancellationToken.None),
        _ => store.Get<MemoryStore>().FindAdjustmentAsync(id, CancellationToken.None),
    };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AdjustAsync_PositiveDelta_MovesStockRecordsItAndUpdatesReadModel(string engine)
    {
        await using var store = await CreateAsync(engine);
        var before = DemoStock(1, ProdAreas.B);

        var outcome = await AdjustAsync(store, Adjustment("restock-1", 1, ProdAreas.B, 100));

        var applied = new StoredAdjustment("restock-1", 1, ProdAreas.B, 100, before + 100);
        outcome.Should().Be(new StockAdjustmentOutcome.Applied(applied));
        ReadModelStock(store, 1, ProdAreas.B).Should().Be(before + 100);
        (await StoredStockAsync(store, 1, ProdAreas.B)).Should().Be(before + 100);
        (await FindAsync(store, "restock-1").DefaultTimeout()).Should().Be(applied);
        (ReadModelStock(store, 1, ProdAreas.A), ReadModelStock(store, 1, ProdAreas.C)).Should().Be((DemoStock(1, ProdAreas.A), DemoStock(1, ProdAreas.C)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AdjustAsync_NegativeDeltaDownToZero_IsApplied(string engine)
    {
        await using var store = await CreateAsync(engine);
        var before = DemoStock(2, ProdAreas.C);

        var outcome = await AdjustAsync(store, Adjustment("empty-2", 2, ProdAreas.C, -before));

        outcome.Should().BeOfType<StockAdjustmentOutcome.Applied>().Which.Adjustment.ResultingQuantity.Should().Be(0);
        ReadModelStock(store, 2, ProdAreas.C).Should().Be(0);
        (await StoredStockAsync(store, 2, ProdAreas.C)).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AdjustAsync_SameIdAgain_ReturnsTheRecordedAdjustmentAndMovesNothing(string engine)
    {
        await using var store = await CreateAsync(engine);
        var first = (StockAdjustmentOutcome.Applied)await AdjustAsync(store, Adjustment("twice", 3, ProdAreas.A, 5));

        var again = await AdjustAsync(store, Adjustment("twice", 3, ProdAreas.A, 5));
        var different = await AdjustAsync(store, Adjustment("twice", 4, ProdAreas.C, -5));

        again.Should().Be(new StockAdjustmentOutcome.AlreadyRecorded(first.Adjustment));
        different.Should().Be(new StockAdjustmentOutcome.AlreadyRecorded(first.Adjustment), "the store answers with the recorded adjustment; the service compares");
        ReadModelStock(store, 3, ProdAreas.A).Should().Be(DemoStock(3, ProdAreas.A) + 5);
        ReadModelStock(store, 4, ProdAreas.C).Should().Be(DemoStock(4, ProdAreas.C));
        (await StoredStockAsync(store, 3, ProdAreas.A)).Should().Be(DemoStock(3, ProdAreas.A) + 5);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AdjustAsync_FiftyConcurrentCallsWithOneId_ApplyOnce(string engine)
    {
        await using var store = await CreateAsync(engine);
        var adjustment = Adjustment("concurrent", 5, ProdAreas.B, -2);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => AdjustAsync(store, adjustment)))).DefaultTimeout();

        outcomes.OfType<StockAdjustmentOutcome.Applied>().Should().ContainSingle();
        outcomes.OfType<StockAdjustmentOutcome.AlreadyRecorded>().Should().HaveCount(49);
        ReadModelStock(store, 5, ProdAreas.B).Should().Be(DemoStock(5, ProdAreas.B) - 2);
        (await StoredStockAsync(store, 5, ProdAreas.B)).Should().Be(DemoStock(5, ProdAreas.B) - 2);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AdjustAsync_BelowZero_RefusesWithShortageMovesNothingAndLeavesIdFree(string engine)
    {
        await using var store = await CreateAsync(engine);
        var available = DemoStock(6, ProdAreas.A);

        var refused = await AdjustAsync(store, Adjustment("too-many", 6, ProdAreas.A, -(available + 1)));
        var later = await AdjustAsync(store, Adjustment("too-many", 6, ProdAreas.A, -available));

        refused.Should().Be(new StockAdjustmentOutcome.InsufficientStock(new StockShortage(6, ProdAreas.A, available + 1, available)));
        later.Should().BeOfType<StockAdjustmentOutcome.Applied>("a refused adjustment records nothing, so its id stays free");
        ReadModelStock(store, 6, ProdAreas.A).Should().Be(0);
        (await StoredStockAsync(store, 6, ProdAreas.A)).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AdjustAsync_UnknownProduct_RefusesAndRecordsNothing(string engine)
    {
        await using var store = await CreateAsync(engine);

        var outcome = await AdjustAsync(store, Adjustment("nobody", 5000, ProdAreas.A, 1));

        outcome.Should().Be(new StockAdjustmentOutcome.UnknownProduct(5000));
        (await FindAsync(store, "nobody").DefaultTimeout()).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AdjustAsync_PastIntMaxValue_RefusesAsOverCapacity(string engine)
    {
        await using var store = await CreateAsync(engine);
        var start = DemoStock(7, ProdAreas.C);
        var steps = 0;
        while (start + ((steps + 1) * 1_000_000L) <= int.MaxValue)
        {
            steps++;
        }

        var filled = await Task.WhenAll(Enumerable.Range(0, steps).Select(i => AdjustAsync(store, Adjustment($"fill-{i}", 7, ProdAreas.C, 1_000_000)))).DefaultTimeout();
        var full = start + (steps * 1_000_000);
        var over = await AdjustAsync(store, Adjustment("one-too-many", 7, ProdAreas.C, 1_000_000));

        filled.Should().AllBeOfType<StockAdjustmentOutcome.Applied>();
        over.Should().Be(new StockAdjustmentOutcome.OverCapacity(full));
        ReadModelStock(store, 7, ProdAreas.C).Should().Be(full);
        (await StoredStockAsync(store, 7, ProdAreas.C)).Should().Be(full);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AdjustAsync_ConcurrentWithOrders_SerializesSoStockEndsExactAndNeverNegative(string engine)
    {
        await using var store = await CreateAsync(engine);
        var start = DemoStock(8, ProdAreas.A);
        var orders = store.Get<IOrderStore>();
        var orderCalls = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
            (await orders.PlaceAsync(new NewOrder($"o-{i}", 1, 1f, DateTime.UtcNow, false, [new OrderLineItem(8, ProdAreas.A, 30)]), CancellationToken.None)) is OrderPlacement.Placed ? -30 : 0));
        var adjustmentCalls = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            var delta = i % 3 == 0 ? 50 : -20;
            return await AdjustAsync(store, Adjustment($"a-{i}", 8, ProdAreas.A, delta)) is StockAdjustmentOutcome.Applied ? delta : 0;
        }));

        var moves = await Task.WhenAll(orderCalls.Concat(adjustmentCalls)).DefaultTimeout();

        var expected = start + moves.Sum();
        expected.Should().BeGreaterThanOrEqualTo(0);
        ReadModelStock(store, 8, ProdAreas.A).Should().Be(expected);
        (await StoredStockAsync(store, 8, ProdAreas.A)).Should().Be(expected);
    }

    [Fact]
    public async Task AdjustAsync_Sqlite_RecordsTheRowAndANewProcessLoadsTheNewLevel()
    {
        await using var store = await CreateAsync("Sqlite");
        store.Clock.Now = new DateTimeOffset(2032, 7, 8, 9, 10, 11, TimeSpan.Zero);

        await AdjustAsync(store, Adjustment("durable", 9, ProdAreas.B, 11));

        (await store.ScalarAsync("SELECT prod_id || ',' || area || ',' || delta || ',' || resulting_quantity || ',' || created_ticks FROM stock_adjustments WHERE adjustment_id = 'durable';"))
            .Should().Be(string.Join(',', 9, (int)ProdAreas.B, 11, DemoStock(9, ProdAreas.B) + 11, store.Clock.Now.UtcTicks.ToString(CultureInfo.InvariantCulture)));
        var restarted = store.AddProvider();
        await restarted.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None).DefaultTimeout();
        restarted.GetRequiredService<ProductReadModel>().FindStock(9, ProdAreas.B).Should().Be(DemoStock(9, ProdAreas.B) + 11);
        (await restarted.GetRequiredService<SqliteStockStore>().FindAsync("durable", CancellationToken.None).DefaultTimeout())!.Delta.Should().Be(11);
    }

    [Theory]
    [MemberData(nameof(DatabaseEngines))]
    public async Task AdjustAsync_ProductWithoutRowForArea_CreatesTheRowForRestockAndRefusesRemoval(string engine)
    {
        await using var store = await CreateAsync(engine);
        await store.ScalarAsync("DELETE FROM product_stocks WHERE prod_id = 10 AND area = 2;");

        var removal = await AdjustAsync(store, Adjustment("take", 10, ProdAreas.C, -1));
        var restock = await AdjustAsync(store, Adjustment("give", 10, ProdAreas.C, 4));

        removal.Should().Be(new StockAdjustmentOutcome.InsufficientStock(new StockShortage(10, ProdAreas.C, 1, 0)));
        restock.Should().BeOfType<StockAdjustmentOutcome.Applied>().Which.Adjustment.ResultingQuantity.Should().Be(4);
        Convert.ToInt32(await store.ScalarAsync("SELECT quantity FROM product_stocks WHERE prod_id = 10 AND area = 2;"), CultureInfo.InvariantCulture).Should().Be(4);
        ReadModelStock(store, 10, ProdAreas.C).Should().Be(4);
    }

    [Fact]
    public async Task InitializeAsync_DatabaseAtSchemaVersion2_AddsStockAdjustmentsAndKeepsOrders()
    {
        await using var store = await TestStore.CreateAsync(initialize: false);
        await using (var connection = store.CreateConnection())
        {
            await connection.OpenAsync().DefaultTimeout();
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Migrations[0] + SqliteSchema.Migrations[1] + """
                PRAGMA user_version = 2;
                INSERT INTO products VALUES (1, 'Old', 1.5);
                INSERT INTO product_stocks VALUES (1, 0, 3);
                INSERT INTO orders (order_no, user_id, order_money, order_time_ticks, time_from_client, created_ticks) VALUES ('kept', 1, 1, 0, 0, 0);
                """;
            await command.ExecuteNonQueryAsync().DefaultTimeout();
        }

        await store.InitializeAsync().DefaultTimeout();
        var outcome = await AdjustAsync(store, Adjustment("after-migration", 1, ProdAreas.A, 2));

        Convert.ToInt32(await store.ScalarAsync("PRAGMA user_version;"), CultureInfo.InvariantCulture).Should().Be(3);
        (await store.CountAsync("orders")).Should().Be(1);
        outcome.Should().BeOfType<StockAdjustmentOutcome.Applied>().Which.Adjustment.ResultingQuantity.Should().Be(5);
        (await store.CountAsync("stock_adjustments")).Should().Be(1);
    }
}
