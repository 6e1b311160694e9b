using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.UnitTests.Storage;

/// <summary>The in-memory engine behind the same store interfaces as SQLite.</summary>
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
    public async Task Stores_ProviderMemory_ServeTheDemoDataSet()
    {
        await using var services = await MemoryServicesAsync();

        var stock = await services.GetRequiredService<IProductStore>().FindStockAsync(998, ProdAreas.C, CancellationToken.None);
        var list = await services.GetRequiredService<IProductStore>().ListStocksAsync(3, ProdAreas.B, CancellationToken.None);
        var product = await services.GetRequiredService<IProductStore>().FindProductAsync(1001, CancellationToken.None);
        var scores = await services.GetRequiredService<IUserScoreStore>().GetScoresAsync([1, 5000], CancellationToken.None);

        stock.Should().Be(DemoDataSet.Product(998)!.StockIn(ProdAreas.C));
        list.Select(s => s.ProdId).Should().Equal(1, 2, 3);
        product.Should().BeNull();
        scores.Should().Equal(new Dictionary<int, int> { [1] = DemoDataSet.Score(1) });
    }

    [Fact]
    public async Task InsertIfAbsentAsync_ConcurrentSameOrderNo_InsertsOnce()
    {
        await using var services = await MemoryServicesAsync();
        var orders = services.GetRequiredService<IOrderStore>();
        var order = new NewOrder("mem-1", 3, 9.5f, DateTime.UtcNow, TimeFromClient: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await orders.InsertIfAbsentAsync(order, CancellationToken.None))));

        results.Count(r => r.Inserted).Should().Be(1);
        results.Select(r => r.Order.OrderId).Distinct().Should().ContainSingle();
        (await services.GetRequiredService<ProdStock.Services.Storage.Memory.MemoryStore>().FindByOrderNoAsync("mem-1", CancellationToken.None))!.UserId.Should().Be(3);
    }

    [Fact]
    public async Task Stores_ProviderSqlite_AreTheSqliteEngine()
    {
        var services = new ServiceCollection().AddLogging().AddProdStockServices();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IProductStore>().GetType().Name.Should().Be("SqliteProductStore");
    }
}
