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

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task GetProdStock_NonPositiveProdId_ReturnsInvalidArgument(int prodId)
    {
        using var client = fixture.CreateClient(options => options.ValidateRequests = false);

        var act = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId }).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be("invalid ProdRequest.prod_id: value must be greater than 0");
    }

    [Fact]
    public async Task GetProdStock_UndefinedArea_ReturnsInvalidArgument()
    {
        using var client = fixture.CreateClient(options => options.ValidateRequests = false);

        var act = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1, ProdArea = (ProdAreas)3 }).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("prod_area");
    }

    [Theory]
    [InlineData(1, ProdAreas.A)]
    [InlineData(25, ProdAreas.C)]
    [InlineData(1000, ProdAreas.B)]
    public async Task GetProdStocks_ValidSize_ReturnsFirstProductsByIdWithAreaStock(int size, ProdAreas area)
    {
        using var client = fixture.CreateClient();

        var response = await client.Products.GetProdStocksAsync(new QuerySize { Size = size, ProdArea = area }).DefaultTimeout();

        response.Productes.Should().HaveCount(size);
        response.Productes.Select(p => p.ProdId).Should().Equal(Enumerable.Range(1, size));
        response.Productes.Should().OnlyContain(p => p.ProdStock == DemoDataSet.Product(p.ProdId)!.StockIn(area));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1001)]
    public async Task GetProdStocks_SizeOutsideRange_ReturnsInvalidArgument(int size)
    {
        using var client = fixture.CreateClient(options => options.ValidateRequests = false);

        var act = () => client.Products.GetProdStocksAsync(new QuerySize { Size = size }).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be("invalid QuerySize.size: value must be inside range [1, 1000]");
    }

    [Fact]
    public async Task GetProdInfo_KnownProduct_ReturnsNameAndPrice()
    {
        using var client = fixture.CreateClient();
        var expected = DemoDataSet.Product(998)!;

        var product = await client.Products.GetProdInfoAsync(new ProdRequest { ProdId = 998 }).DefaultTimeout();

        product.ProdId.Should().Be(998);
        product.ProdName.Should().Be(expected.Name);
        product.ProdPrice.Should().Be(expected.Price);
    }

    [Fact]
    public async Task GetProdInfo_UnknownProduct_ReturnsNotFound()
    {
        using var client = fixture.CreateClient();

        var act = () => client.Products.GetProdInfoAsync(new ProdRequest { ProdId = 123456 }).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.NotFound);
        error.Status.Detail.Should().Be("product 123456 was not found");
    }
}
