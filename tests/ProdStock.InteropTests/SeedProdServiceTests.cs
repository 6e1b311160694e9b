using Grpc.Core;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;
using Contracts = ProdStock.Contracts;
using Seed = global::Services;

namespace ProdStock.InteropTests;

/// <summary><c>services.ProdService</c> called through the stubs generated from the tutorial's <c>Prod.proto</c>.</summary>
[Collection(InteropCollection.Name)]
public sealed class SeedProdServiceTests(HostFixture fixture)
{
    [Theory]
    [InlineData(1, Seed.ProdAreas.A)]
    [InlineData(42, Seed.ProdAreas.B)]
    [InlineData(1000, Seed.ProdAreas.C)]
    public async Task GetProdStock_KnownProduct_ReturnsDemoStockOfArea(int prodId, Seed.ProdAreas area)
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.ProdService.ProdServiceClient(channel);

        var response = await client.GetProdStockAsync(new Seed.ProdRequest { ProdId = prodId, ProdArea = area }).ResponseAsync.DefaultTimeout();

        response.ProdStock.Should().Be(DemoDataSet.Product(prodId)!.StockIn((Contracts.ProdAreas)area));
    }

    [Fact]
    public async Task GetProdStock_UnknownProduct_ReturnsNotFound()
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.ProdService.ProdServiceClient(channel);

        var act = () => client.GetProdStockAsync(new Seed.ProdRequest { ProdId = 1001 }).ResponseAsync.DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.NotFound);
    }

    [Fact]
    public async Task GetProdStock_ZeroProductId_ReturnsInvalidArgument()
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.ProdService.ProdServiceClient(channel);

        var act = () => client.GetProdStockAsync(new Seed.ProdRequest { ProdId = 0, ProdArea = Seed.ProdAreas.B }).ResponseAsync.DefaultTimeout();

        var exception = (await act.Should().ThrowAsync<RpcException>()).Which;
        exception.StatusCode.Should().Be(StatusCode.InvalidArgument);
        exception.Status.Detail.Should().Contain("prod_id");
    }

    [Fact]
    public async Task GetProdStocks_SizeFive_ReturnsFiveDemoStocksOfAreaA()
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.ProdService.ProdServiceClient(channel);

        // Our answer carries field 2 (prod_id) in every entry; the seed's ProdResponse does not know it and must ignore it.
        var response = await client.GetProdStocksAsync(new Seed.QuerySize { Size = 5 }).ResponseAsync.DefaultTimeout();

        response.Productes.Select(p => p.ProdStock).Should().Equal(
            Enumerable.Range(1, 5).Select(id => DemoDataSet.Product(id)!.StockIn(Contracts.ProdAreas.A)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(777)]
    public async Task GetProdInfo_KnownProduct_ReturnsDemoNameAndPrice(int prodId)
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.ProdService.ProdServiceClient(channel);
        var expected = DemoDataSet.Product(prodId)!;

        var response = await client.GetProdInfoAsync(new Seed.ProdRequest { ProdId = prodId }).ResponseAsync.DefaultTimeout();

        response.ProdId.Should().Be(prodId);
        response.ProdName.Should().Be(expected.Name);
        response.ProdPrice.Should().Be(expected.Price);
    }
}
