using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Storage;

/// <summary>What the SQLite engine hands the read models at start.</summary>
public sealed class SqliteStoreReadTests(SeededStoreFixture fixture) : IClassFixture<SeededStoreFixture>
{
    private IServiceProvider Services => fixture.Store.Services;

    [Fact]
    public async Task ReadAllAsync_Products_ReturnsEveryProductWithItsStockByIdOrder()
    {
        var products = await Services.GetRequiredService<IProductStore>().ReadAllAsync(CancellationToken.None).ToListAsync().AsTask().DefaultTimeout();

        products.Should().HaveCount(DemoDataSet.ProductCount);
        products.Select(p => p.ProdId).Should().BeInAscendingOrder();
        var demo = DemoDataSet.Product(1)!;
        products[0].Should().Be(new ProductRecord(1, demo.Name, demo.Price, demo.StockIn(ProdAreas.A), demo.StockIn(ProdAreas.B), demo.StockIn(ProdAreas.C)));
    }

    [Fact]
    public async Task ReadAllAsync_UserScores_ReturnsEveryScore()
    {
        var scores = await Services.GetRequiredService<IUserScoreStore>().ReadAllAsync(CancellationToken.None).ToListAsync().AsTask().DefaultTimeout();

        scores.Should().HaveCount(DemoDataSet.UserCount).And.Contain((1, 5086));
    }

    [Fact]
    public void InitializeAsync_SeededStore_LoadsTheReadModels()
    {
        var products = Services.GetRequiredService<ProductReadModel>();

        products.Count.Should().Be(DemoDataSet.ProductCount);
        products.FindStock(998, ProdAreas.A).Should().Be(802);
        Services.GetRequiredService<UserScoreReadModel>().ScoreOf(1).Should().Be(5086);
    }

    [Fact]
    public async Task ReadAllAsync_CancelledToken_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var act = () => Services.GetRequiredService<IUserScoreStore>().ReadAllAsync(cancellation.Token).ToListAsync().AsTask().DefaultTimeout();

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
