using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Services.Storage.Memory;

namespace ProdStock.UnitTests.Storage;

/// <summary>The in-memory engine and the choice of engine; the semantics every engine shares are in OrderStoreTests and StockStoreTests.</summary>
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
    public async Task Stores_ProviderSqlite_AreTheSqliteEngine()
    {
        var services = new ServiceCollection().AddLogging().AddProdStockServices();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IProductStore>().GetType().Name.Should().Be("SqliteProductStore");
        provider.GetRequiredService<IOrderStore>().GetType().Name.Should().Be("SqliteOrderStore");
    }

    [Fact]
    public async Task Stores_ProviderPostgres_AreThePostgresEngine()
    {
        var services = new ServiceCollection().AddLogging().AddProdStockServices();
        services.Configure<StoreOptions>(o => (o.Provider, o.ConnectionString) = ("postgres", "Host=127.0.0.1;Database=unused"));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOrderStore>().GetType().Name.Should().Be("PostgresOrderStore");
        provider.GetRequiredService<IStockStore>().GetType().Name.Should().Be("PostgresStockStore");
        provider.GetRequiredService<IProductStore>().GetType().Name.Should().Be("PostgresProductStore");
    }

    [Fact]
    public async Task Stores_ProviderPostgresWithoutConnectionString_FailNamingTheSetting()
    {
        var services = new ServiceCollection().AddLogging().AddProdStockServices();
        services.Configure<StoreOptions>(o => o.Provider = "Postgres");
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOrderStore>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*ConnectionStrings:ProdStock*");
    }
}
