using CodeFirst.Validation;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Inventory;
using ProdStock.Services.Storage.DemoData;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Services;

/// <summary><see cref="InventoryService"/> over a seeded SQLite store of its own per test.</summary>
public sealed class InventoryServiceTests : IAsyncLifetime
{
    private TestStore _store = null!;
    private InventoryService _service = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _service = _store.Get<InventoryService>();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static AdjustStockRequest Adjust(int prodId, ProdAreas area, int delta, string id = "adj-1") =>
        new() { ProdId = prodId, ProdArea = area, Delta = delta, AdjustmentId = id };

    private static int DemoStock(int prodId, ProdAreas area) => DemoDataSet.Product(prodId)!.StockIn(area);

    [Fact]
    public async Task AdjustStock_Restock_AnswersTheNewLevel()
    {
        var response = await _service.AdjustStockAsync(Adjust(1, ProdAreas.B, 30)).DefaultTimeout();

        response.Should().BeEquivalentTo(new AdjustStockResponse { ProdId = 1, ProdArea = ProdAreas.B, ProdStock = DemoStock(1, ProdAreas.B) + 30, AdjustmentId = "adj-1" });
        (await _store.CountAsync("stock_adjustments")).Should().Be(1);
    }

    [Fact]
    public async Task AdjustStock_SameRequestAfterOtherMoves_AnswersTheFirstLevelAndMovesNothing()
    {
        var first = await _service.AdjustStockAsync(Adjust(1, ProdAreas.B, 30)).DefaultTimeout();
        await _service.AdjustStockAsync(Adjust(1, ProdAreas.B, 5, "adj-2")).DefaultTimeout();

        var again = await _service.AdjustStockAsync(Adjust(1, ProdAreas.B, 30)).DefaultTimeout();

        again.Should().BeEquivalentTo(first, "a retry gets the first answer, not the current level");
        (await _store.CountAsync("stock_adjustments")).Should().Be(2);
        Convert.ToInt32(await _store.ScalarAsync("SELECT quantity FROM product_stocks WHERE prod_id = 1 AND area = 1;"))
            .Should().Be(DemoStock(1, ProdAreas.B) + 35);
    }

    [Theory]
    [InlineData(2, ProdAreas.B, 30)]
    [InlineData(1, ProdAreas.C, 30)]
    [InlineData(1, ProdAreas.B, 31)]
    [InlineData(1, ProdAreas.B, -30)]
    public async Task AdjustStock_UsedIdWithDifferentChange_ThrowsAlreadyExistsAndMovesNothing(int prodId, ProdAreas area, int delta)
    {
        await _service.AdjustStockAsync(Adjust(1, ProdAreas.B, 30)).DefaultTimeout();

        var error = await RpcAssert.ThrowsAsync(StatusCode.AlreadyExists, () => _service.AdjustStockAsync(Adjust(prodId, area, delta)));

        error.Status.Detail.Should().Contain("adj-1").And.Contain("product 1").And.Contain("delta 30");
        (await _store.CountAsync("stock_adjustments")).Should().Be(1);
        Convert.ToInt32(await _store.ScalarAsync($"SELECT quantity FROM product_stocks WHERE prod_id = {prodId} AND area = {(int)area};"))
            .Should().Be(DemoStock(prodId, area) + (prodId == 1 && area == ProdAreas.B ? 30 : 0));
    }

    [Fact]
    public async Task AdjustStock_DeltaZero_ThrowsInvalidArgumentNamingDelta()
    {
        var error = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => _service.AdjustStockAsync(Adjust(1, ProdAreas.A, 0)));

        error.Status.Detail.Should().Be("invalid AdjustStockRequest.delta: value must not be in list [0]");
        error.GetFieldViolations().Should().Equal(new FieldViolation("delta", "value must not be in list [0]"));
        (await _store.CountAsync("stock_adjustments")).Should().Be(0);
    }

    [Fact]
    public async Task AdjustStock_BelowZero_ThrowsFailedPreconditionWithStockViolation()
    {
        var available = DemoStock(3, ProdAreas.C);

        var error = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => _service.AdjustStockAsync(Adjust(3, ProdAreas.C, -(available + 5))));

        error.Status.Detail.Should().Contain($"requested {available + 5}, available {available}");
        error.GetPreconditionViolations().Should().Equal(
            new PreconditionViolation("STOCK", "products/3/areas/C", $"product 3 in area C: requested {available + 5}, available {available}"));
        (await _store.CountAsync("stock_adjustments")).Should().Be(0);
    }

    [Fact]
    public async Task AdjustStock_UnknownProduct_ThrowsNotFound()
    {
        var error = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => _service.AdjustStockAsync(Adjust(4242, ProdAreas.A, 1)));

        error.Status.Detail.Should().Be("product 4242 was not found");
    }

    [Fact]
    public async Task AdjustStock_PastTheLargestLevel_ThrowsFailedPreconditionWithStockLimitViolation()
    {
        await _store.ScalarAsync($"UPDATE product_stocks SET quantity = {int.MaxValue - 1} WHERE prod_id = 5 AND area = 0;");

        var error = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => _service.AdjustStockAsync(Adjust(5, ProdAreas.A, 2)));

        error.GetPreconditionViolations().Should().ContainSingle().Which.Should().Match<PreconditionViolation>(v => v.Type == "STOCK_LIMIT" && v.Subject == "products/5/areas/A");
    }
}
