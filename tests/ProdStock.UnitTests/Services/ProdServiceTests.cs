using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Products;
using ProdStock.Services.Storage.DemoData;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Services;

public sealed class ProdServiceTests(SeededStoreFixture fixture) : IClassFixture<SeededStoreFixture>
{
    private readonly ProdService _service = fixture.Store.Get<ProdService>();

    public static TheoryData<int, ProdAreas> KnownProductsInEachArea()
    {
        var data = new TheoryData<int, ProdAreas>();
        foreach (var id in new[] { 1, 500, 1000 })
        {
            foreach (var area in Enum.GetValues<ProdAreas>())
            {
                data.Add(id, area);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KnownProductsInEachArea))]
    public async Task GetProdStock_KnownProductAndArea_ReturnsDemoStock(int prodId, ProdAreas area)
    {
        // Arrange
        var expected = DemoDataSet.Product(prodId)!.StockIn(area);

        // Act
        var response = await _service.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = area }).DefaultTimeout();

        // Assert
        response.ProdId.Should().Be(prodId);
        response.ProdStock.Should().Be(expected);
    }

    [Fact]
    public async Task GetProdStock_DifferentAreas_ReturnEachAreasOwnStock()
    {
        // Arrange: a product whose demo stock differs between areas, so a query that ignores the area would be caught.
        var product = DemoDataSet.Products().First(p => p.Stock.Select(s => s.Quantity).Distinct().Count() == 3);

        // Act
        var stocks = new List<int>();
        foreach (var area in Enum.GetValues<ProdAreas>())
        {
            stocks.Add((await _service.GetProdStockAsync(new ProdRequest { ProdId = product.ProdId, ProdArea = area }).DefaultTimeout()).ProdStock);
        }

        // Assert
        stocks.Should().Equal(product.StockIn(ProdAreas.A), product.StockIn(ProdAreas.B), product.StockIn(ProdAreas.C));
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(int.MaxValue)]
    public async Task GetProdStock_UnknownProduct_ThrowsNotFound(int prodId)
    {
        // Act
        var error = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => _service.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = ProdAreas.B }));

        // Assert
        error.Status.Detail.Should().Contain(prodId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(1, ProdAreas.A)]
    [InlineData(10, ProdAreas.B)]
    [InlineData(1000, ProdAreas.C)]
    public async Task GetProdStocks_SizeInRange_ReturnsThatManyProductsInIdOrder(int size, ProdAreas area)
    {
        // Arrange
        var expected = Enumerable.Range(1, size).Select(id => (id, DemoDataSet.Product(id)!.StockIn(area))).ToList();

        // Act
        var response = await _service.GetProdStocksAsync(new QuerySize { Size = size, ProdArea = area }).DefaultTimeout();

        // Assert
        response.Productes.Select(p => (p.ProdId, p.ProdStock)).Should().Equal(expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(777)]
    [InlineData(1000)]
    public async Task GetProdInfo_KnownProduct_ReturnsDemoNameAndPrice(int prodId)
    {
        // Arrange
        var expected = DemoDataSet.Product(prodId)!;

        // Act
        var product = await _service.GetProdInfoAsync(new ProdRequest { ProdId = prodId }).DefaultTimeout();

        // Assert
        product.ProdId.Should().Be(prodId);
        product.ProdName.Should().Be(expected.Name);
        product.ProdPrice.Should().Be(expected.Price);
    }

    [Fact]
    public async Task GetProdInfo_UnknownProduct_ThrowsNotFound()
    {
        // Act and assert
        await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => _service.GetProdInfoAsync(new ProdRequest { ProdId = 1001 }));
    }

}
