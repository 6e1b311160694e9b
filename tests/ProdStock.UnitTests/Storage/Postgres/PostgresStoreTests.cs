using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Services.Storage.Postgres;
using ProdStock.Testing.Postgres;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Storage.Postgres;

/// <summary>
/// What only the PostgreSQL engine has: several hosts (here: service providers) on one database, migrating once, and
/// each read model following the others' commits; an unreachable database.
/// </summary>
public sealed class PostgresStoreTests
{
    private static readonly TimeSpan Visible = TimeSpan.FromSeconds(1);

    private static NewOrder Order(string orderNo, params OrderLineItem[] lines) => new(orderNo, 1, 1f, DateTime.UtcNow, false, lines);

    /// <summary>Polls until <paramref name="condition"/> holds; fails naming what was awaited after <paramref name="within"/>.</summary>
    private static async Task<TimeSpan> EventuallyAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(within, what);
            await Task.Delay(5);
        }

        return clock.Elapsed;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().DefaultTimeout();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().DefaultTimeout();
    }

    [Fact]
    public async Task InitializeAsync_FourHostsAtOnceOnAnEmptyDatabase_MigrateAndSeedOnce()
    {
        await using var store = await TestStore.CreateAsync(engine: "Postgres", initialize: false);
        var hosts = Enumerable.Range(0, 4).Select(_ => store.AddProvider()).ToList();

        await Task.WhenAll(hosts.Select(h => Task.Run(() => h.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None)))).DefaultTimeout();

        (await store.ScalarAsync("SELECT count(*) FROM prodstock_schema;")).Should().Be(1L);
        (await store.ScalarAsync("SELECT max(version) FROM prodstock_schema;")).Should().Be(PostgresSchema.CurrentVersion);
        (await store.CountAsync("products")).Should().Be(DemoDataSet.ProductCount, "the demo data is seeded once");
        (await store.CountAsync("product_stocks")).Should().Be(DemoDataSet.ProductCount * 3);
        hosts.Should().OnlyContain(h => h.GetRequiredService<ProductReadModel>().Count == DemoDataSet.ProductCount);
    }

    [Fact]
    public async Task InitializeAsync_DatabaseWithNewerSchema_FailsNamingBothVersions()
    {
        await using var store = await TestStore.CreateAsync(engine: "Postgres");
        await store.ScalarAsync($"UPDATE prodstock_schema SET version = {PostgresSchema.CurrentVersion + 1};");

        var act = () => store.AddProvider().GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage($"*schema version {PostgresSchema.CurrentVersion + 1}, newer than this build knows ({PostgresSchema.CurrentVersion})*");
    }

    [Fact]
    public async Task PlaceAsync_OnOneHost_ReachesTheOtherHostsReadModelWithinASecond()
    {
        await using var store = await TestStore.CreateAsync(engine: "Postgres");
        var other = store.AddProvider();
        await other.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None).DefaultTimeout();
        var otherModel = other.GetRequiredService<ProductReadModel>();
        var expected = DemoDataSet.Product(3)!.StockIn(ProdAreas.B) - 5;

        await store.Get<IOrderStore>().PlaceAsync(Order("cross-host", new OrderLineItem(3, ProdAreas.B, 5)), CancellationToken.None).DefaultTimeout();

        await EventuallyAsync(() => otherModel.FindStock(3, ProdAreas.B) == expected, Visible, "the other host sees the order's stock");
        store.Get<ProductReadModel>().FindStock(3, ProdAreas.B).Should().Be(expected, "the writing host shows it before answering");
    }

    [Fact]
    public async Task ChangeFeed_StockChangedBySql_ReachesTheReadModel()
    {
        await using var store = await TestStore.CreateAsync(engine: "Postgres");
        var model = store.Get<ProductReadModel>();

        await ExecuteAsync(store.PostgresConnectionString, "UPDATE product_stocks SET quantity = 4321 WHERE prod_id = 9 AND area = 0;");

        await EventuallyAsync(() => model.FindStock(9, ProdAreas.A) == 4321, Visible, "an operator's UPDATE is announced by the trigger");
    }

    [Fact]
    public async Task ChangeFeed_ChangeApplied_RecordsItsLagFromTheDatabaseClock()
    {
        var lags = new System.Collections.Concurrent.ConcurrentQueue<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == PostgresChangeFeed.LagInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lags.Enqueue(value));
        listener.Start();
        await using var store = await TestStore.CreateAsync(engine: "Postgres", configure: services => services.AddMetrics());
        store.Clock.Now = DateTimeOffset.UtcNow;

        await ExecuteAsync(store.PostgresConnectionString, "UPDATE product_stocks SET quantity = 5 WHERE prod_id = 3 AND area = 0;");

        await EventuallyAsync(() => !lags.IsEmpty, Visible, "the feed records the lag of the change it applied");
        lags.Should().OnlyContain(lag => lag >= 0 && lag < 60_000, "the test's clock was set to the real time");
    }

    [Fact]
    public async Task ChangeFeed_MissedNotification_IsToldByTheNextVersionAndReloadsTheReadModel()
    {
        await using var store = await TestStore.CreateAsync(engine: "Postgres");
        var model = store.Get<ProductReadModel>();
        var feed = store.Get<PostgresChangeFeed>();
        var reloads = feed.Reloads;

        // Two changes made without their notification (trigger off), then one announced: version 2 follows version 0.
        await ExecuteAsync(store.PostgresConnectionString, """
            ALTER TABLE product_stocks DISABLE TRIGGER product_stocks_updated;
            UPDATE product_stocks SET quantity = 11 WHERE prod_id = 2 AND area = 2;
            UPDATE product_stocks SET quantity = 22 WHERE prod_id = 6 AND area = 0;
            ALTER TABLE product_stocks ENABLE TRIGGER product_stocks_updated;
            """);
        await ExecuteAsync(store.PostgresConnectionString, "UPDATE product_stocks SET quantity = 12 WHERE prod_id = 2 AND area = 2;");

        await EventuallyAsync(() => feed.Reloads > reloads, Visible, "the skipped version reloads the model");
        model.FindStock(2, ProdAreas.C).Should().Be(12);
        model.FindStock(6, ProdAreas.A).Should().Be(22, "the reload brings the change whose notification was missed");
    }

    [Fact]
    public async Task ChangeFeed_ProductAddedBySql_ReloadsAndServesIt()
    {
        await using var store = await TestStore.CreateAsync(engine: "Postgres");
        var model = store.Get<ProductReadModel>();

        await ExecuteAsync(store.PostgresConnectionString, "INSERT INTO products VALUES (5001, 'New Lamp', 12.5); INSERT INTO product_stocks VALUES (5001, 1, 7);");

        await EventuallyAsync(() => model.FindStock(5001, ProdAreas.B) == 7, Visible, "a new product reloads the model");
        model.FindProduct(5001)!.Name.Should().Be("New Lamp");
    }

    [Fact]
    public async Task ProbeAsync_DatabaseAnswersButFeedNotListening_FailsSoTheHostIsNotServing()
    {
        await using var store = await TestStore.CreateAsync(engine: "Postgres");
        await using var dataSource = NpgsqlDataSource.Create(store.PostgresConnectionString);
        var status = new ChangeFeedStatus();
        var probe = new PostgresProductStore(dataSource, status);

        var reconnecting = () => probe.ProbeAsync(CancellationToken.None);

        await reconnecting.Should().ThrowAsync<StoreUnavailableException>().WithMessage("*change feed*");
        status.IsListening = true;
        await probe.ProbeAsync(CancellationToken.None).DefaultTimeout();
    }

    [Fact]
    public async Task Stores_DatabaseStopped_FailUnavailableFastAndRecoverByThemselves()
    {
        await using var server = await PostgresServer.StartAsync().WaitAsync(PostgresServer.StartTimeout);
        await using var database = await server.CreateDatabaseAsync("outage").DefaultTimeout();
        await using var store = await TestStore.CreateAsync(configure: services => services.Configure<StoreOptions>(o =>
        {
            o.Provider = "Postgres";
            o.ConnectionString = database.ConnectionString;
        }));
        var feed = store.Get<PostgresChangeFeed>();
        var orders = store.Get<IOrderStore>();
        var stock = DemoDataSet.Product(1)!.StockIn(ProdAreas.A);

        await server.StopAsync().DefaultTimeout();
        var clock = Stopwatch.StartNew();
        var place = () => orders.PlaceAsync(Order("during", new OrderLineItem(1, ProdAreas.A, 1)), CancellationToken.None).AsTask();
        await place.Should().ThrowAsync<StoreUnavailableException>();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "a write fails at once, not after a timeout");
        var probe = () => store.Get<IProductStore>().ProbeAsync(CancellationToken.None);
        await probe.Should().ThrowAsync<Exception>("the health check reports the store down");
        await EventuallyAsync(() => !feed.IsListening, TimeSpan.FromSeconds(5), "the feed notices the lost connection");
        store.Get<ProductReadModel>().FindStock(1, ProdAreas.A).Should().Be(stock, "reads go on from memory");

        await server.StartAgainAsync().DefaultTimeout();
        await EventuallyAsync(() => feed.IsListening, TimeSpan.FromSeconds(15), "the feed reconnects by itself");
        var placed = await orders.PlaceAsync(Order("after", new OrderLineItem(1, ProdAreas.A, 1)), CancellationToken.None).DefaultTimeout();
        placed.Should().BeOfType<OrderPlacement.Placed>();
        await store.Get<IProductStore>().ProbeAsync(CancellationToken.None).DefaultTimeout();
        store.Get<ProductReadModel>().FindStock(1, ProdAreas.A).Should().Be(stock - 1);
    }
}
