using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Services.Storage.Memory;

namespace ProdStock.UnitTests.Storage;

/// <summary>The in-memory engine behind the same store interfaces, with the same semantics, as SQLite.</summary>
public sealed class MemoryStoreTests
{
    private static async Task<ServiceProvider> MemoryServicesAsync()
    {
        var services = new ServiceCollection().AddLogging().AddProdStockServices();
        services.Configure<StoreOptions>(o => o.Provider = "memory");
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        return provider;
    }

    [Fact]
    public async Task InitializeAsync_ProviderMemory_LoadsTheDemoDataSetIntoTheReadModels()
    {
        await using var services = await MemoryServicesAsync();

        var products = services.GetRequiredService<ProductReadModel>();
        var scores = services.GetRequiredService<UserScoreReadModel>();

        products.FindStock(998, ProdAreas.C).Should().Be(DemoDataSet.Product(998)!.StockIn(ProdAreas.C));
        products.ListStocks(3, ProdAreas.B).Select(s => s.ProdId).Should().Equal(1, 2, 3);
        products.FindProduct(1001).Should().BeNull();
        (scores.ScoreOf(1), scores.ScoreOf(5000)).Should().Be((DemoDataSet.Score(1), 0));
    }

    [Fact]
    public async Task PlaceAsync_ConcurrentSameOrderNo_StoresOnceAndMovesStockOnce()
    {
        await using var services = await MemoryServicesAsync();
        var orders = services.GetRequiredService<IOrderStore>();
        var before = services.GetRequiredService<ProductReadModel>().FindStock(1, ProdAreas.A)!.Value;
        var order = new NewOrder("mem-1", 3, 9.5f, DateTime.UtcNow, TimeFromClient: false, [new OrderLineItem(1, ProdAreas.A, 2)]);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await orders.PlaceAsync(order, CancellationToken.None))));

        results.OfType<OrderPlacement.Placed>().Should().ContainSingle();
        results.OfType<OrderPlacement.AlreadyStored>().Should().HaveCount(19);
        services.GetRequiredService<ProductReadModel>().FindStock(1, ProdAreas.A).Should().Be(before - 2);
        (await services.GetRequiredService<MemoryStore>().FindByOrderNoAsync("mem-1", CancellationToken.None))!.UserId.Should().Be(3);
    }

    [Fact]
    public async Task PlaceAsync_ShortAndUnknownLines_StoresNothingAndMovesNothing()
    {
        await using var services = await MemoryServicesAsync();
        var orders = services.GetRequiredService<IOrderStore>();
        var stock = services.GetRequiredService<ProductReadModel>().FindStock(1, ProdAreas.B)!.Value;

        var shortOrder = await orders.PlaceAsync(new NewOrder("mem-2", 3, 1, DateTime.UtcNow, false,
            [new OrderLineItem(2, ProdAreas.A, 1), new OrderLineItem(1, ProdAreas.B, stock + 1)]), CancellationToken.None);
        var unknown = await orders.PlaceAsync(new NewOrder("mem-3", 3, 1, DateTime.UtcNow, false,
            [new OrderLineItem(1, ProdAreas.B, 1), new OrderLineItem(5000, ProdAreas.A, 1)]), CancellationToken.None);

        shortOrder.Should().BeEquivalentTo(new OrderPlacement.InsufficientStock([new StockShortage(1, ProdAreas.B, stock + 1, stock)]));
        unknown.Should().BeEquivalentTo(new OrderPlacement.UnknownProducts([5000]));
        services.GetRequiredService<ProductReadModel>().FindStock(1, ProdAreas.B).Should().Be(stock);
        (await services.GetRequiredService<MemoryStore>().FindByOrderNoAsync("mem-2", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Stores_ProviderSqlite_AreTheSqliteEngine()
    {
        var services = new ServiceCollection().AddLogging().AddProdStockServices();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IProductStore>().GetType().Name.Should().Be("SqliteProductStore");
        provider.GetRequiredService<IOrderStore>().GetType().Name.Should().Be("SqliteOrderStore");
    }
}
