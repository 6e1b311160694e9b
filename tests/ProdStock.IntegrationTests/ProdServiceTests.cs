using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Testing;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.IntegrationTests;

[Collection(HostCollection.Name)]
public sealed class ProdServiceTests(HostFixture fixture)
{
    [Theory]
    [InlineData(1, ProdAreas.A)]
    [InlineData(998, ProdAreas.B)]
    [InlineData(1000, ProdAreas.C)]
    public async Task GetProdStock_KnownProduct_ReturnsStoredStockOfArea(int prodId, ProdAreas area)
    {
        using var client = fixture.CreateClient();

        var response = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = area }).DefaultTimeout();

        response.ProdStock.Should().Be(DemoDataSet.Product(prodId)!.StockIn(area));
        response.ProdId.Should().Be(prodId);
    }

    [Fact]
    public async Task GetProdStock_UnknownProduct_ReturnsNotFound()
    {
        using var client = fixture.CreateClient();

        var act = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1001 }).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.NotFound);
    }
}
