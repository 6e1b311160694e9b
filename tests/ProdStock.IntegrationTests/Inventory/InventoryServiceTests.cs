using System.Net;
using System.Text;
using System.Text.Json;
using CodeFirst.Validation;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Inventory;

/// <summary>
/// <c>services.InventoryService/AdjustStock</c> on the real host over mutual TLS: who may call it (gRPC and REST), what
/// it moves, and what it refuses. Each test works on products of its own, so their stock levels are its alone.
/// </summary>
public sealed class InventoryServiceTests(InventoryHostFixture fixture) : IClassFixture<InventoryHostFixture>
{
    private static string NewId() => "adj-" + Guid.NewGuid().ToString("N");

    private static AdjustStockRequest Adjust(int prodId, ProdAreas area, int delta, string? id = null) =>
        new() { ProdId = prodId, ProdArea = area, Delta = delta, AdjustmentId = id ?? NewId() };

    [Fact]
    public async Task AdjustStock_WriterOverGrpc_ReturnsNewLevelAndReadsShowIt()
    {
        using var writer = fixture.CreateWriterClient();
        var before = await fixture.StockAsync(11, ProdAreas.B);
        var request = Adjust(11, ProdAreas.B, 25);

        var response = await writer.Inventory.AdjustStockAsync(request).DefaultTimeout();

        response.Should().BeEquivalentTo(new AdjustStockResponse { ProdId = 11, ProdArea = ProdAreas.B, ProdStock = before + 25, AdjustmentId = request.AdjustmentId });
        (await fixture.StockAsync(11, ProdAreas.B)).Should().Be(before + 25, "the read model is updated before the answer");
        (await fixture.StoredStockAsync(11, ProdAreas.B)).Should().Be(before + 25);
        (await fixture.CountAdjustmentsAsync(request.AdjustmentId)).Should().Be(1);
    }

    [Fact]
    public async Task AdjustStock_WriterOverRest_ReturnsNewLevelAsProtoJson()
    {
        using var http = fixture.CreateWriterRestClient();
        var before = await fixture.StockAsync(12, ProdAreas.C);
        var id = NewId();

        using var response = await InventoryHostFixture.PostAdjustmentAsync(http, new { prod_id = 12, prod_area = "C", delta = -3, adjustment_id = id });

        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("prod_id").GetInt32().Should().Be(12);
        json.RootElement.GetProperty("prod_area").GetString().Should().Be("C");
        json.RootElement.GetProperty("prod_stock").GetInt32().Should().Be(before - 3);
        json.RootElement.GetProperty("adjustment_id").GetString().Should().Be(id);
        (await fixture.StockAsync(12, ProdAreas.C)).Should().Be(before - 3);
    }

    [Fact]
    public async Task AdjustStock_OtherClientCertificateOverGrpc_ReturnsPermissionDeniedAndMovesNothing()
    {
        using var reader = fixture.CreateReaderClient();
        var before = await fixture.StockAsync(13, ProdAreas.A);
        var request = Adjust(13, ProdAreas.A, 50);

        var act = () => reader.Inventory.AdjustStockAsync(request).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.PermissionDenied);
        error.Status.Detail.Should().Contain("CN=prodstock-client").And.Contain("ProdStock:Authorization:StockWriters");
        (await fixture.StockAsync(13, ProdAreas.A)).Should().Be(before);
        (await fixture.StoredStockAsync(13, ProdAreas.A)).Should().Be(before);
        (await fixture.CountAdjustmentsAsync(request.AdjustmentId)).Should().Be(0);
    }

    [Fact]
    public async Task AdjustStock_OtherClientCertificateOverRest_Returns403WithRpcStatusAndMovesNothing()
    {
        using var http = fixture.CreateReaderRestClient();
        var before = await fixture.StockAsync(14, ProdAreas.A);
        var id = NewId();

        using var response = await InventoryHostFixture.PostAdjustmentAsync(http, new { prod_id = 14, prod_area = "A", delta = 50, adjustment_id = id });

        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("code").GetInt32().Should().Be((int)StatusCode.PermissionDenied);
        json.RootElement.GetProperty("message").GetString().Should().Contain("ProdStock:Authorization:StockWriters");
        (await fixture.StockAsync(14, ProdAreas.A)).Should().Be(before);
        (await fixture.CountAdjustmentsAsync(id)).Should().Be(0);
    }

    [Fact]
    public async Task AdjustStock_OtherClientCertificate_StillReadsStock()
    {
        using var reader = fixture.CreateReaderClient();

        var stock = await reader.Products.GetProdStockAsync(new ProdRequest { ProdId = 15, ProdArea = ProdAreas.B }).DefaultTimeout();

        stock.ProdId.Should().Be(15, "readers are unchanged: only the inventory is for writers");
    }

    [Fact]
    public async Task AdjustStock_SameAdjustmentIdTwice_MovesOnceAndAnswersTheSame()
    {
        using var writer = fixture.CreateWriterClient();
        var before = await fixture.StockAsync(16, ProdAreas.A);
        var request = Adjust(16, ProdAreas.A, 7);

        var first = await writer.Inventory.AdjustStockAsync(request).DefaultTimeout();
        var again = await writer.Inventory.AdjustStockAsync(request).DefaultTimeout();

        again.Should().BeEquivalentTo(first);
        first.ProdStock.Should().Be(before + 7);
        (await fixture.StockAsync(16, ProdAreas.A)).Should().Be(before + 7);
        (await fixture.CountAdjustmentsAsync(request.AdjustmentId)).Should().Be(1);
    }

    [Fact]
    public async Task AdjustStock_FiftyConcurrentCallsWithOneId_MoveStockOnce()
    {
        using var writer = fixture.CreateWriterClient();
        var before = await fixture.StockAsync(17, ProdAreas.C);
        var request = Adjust(17, ProdAreas.C, -1);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Task.Run(async () => await writer.Inventory.AdjustStockAsync(request)))).DefaultTimeout();

        responses.Select(r => r.ProdStock).Distinct().Should().ContainSingle().Which.Should().Be(before - 1);
        (await fixture.StockAsync(17, ProdAreas.C)).Should().Be(before - 1);
        (await fixture.StoredStockAsync(17, ProdAreas.C)).Should().Be(before - 1);
        (await fixture.CountAdjustmentsAsync(request.AdjustmentId)).Should().Be(1);
    }

    [Theory]
    [InlineData(18, ProdAreas.B, 9)]
    [InlineData(19, ProdAreas.A, 5)]
    [InlineData(18, ProdAreas.A, 5)]
    public async Task AdjustStock_SameIdDifferentAdjustment_ReturnsAlreadyExistsAndMovesNothing(int prodId, ProdAreas area, int delta)
    {
        using var writer = fixture.CreateWriterClient();
        var first = Adjust(18, ProdAreas.B, 5);
        await writer.Inventory.AdjustStockAsync(first).DefaultTimeout();
        var stocks = await Task.WhenAll(fixture.StockAsync(prodId, area), fixture.StockAsync(18, ProdAreas.B));

        var act = () => writer.Inventory.AdjustStockAsync(Adjust(prodId, area, delta, first.AdjustmentId)).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.AlreadyExists);
        error.Status.Detail.Should().Contain(first.AdjustmentId);
        (await Task.WhenAll(fixture.StockAsync(prodId, area), fixture.StockAsync(18, ProdAreas.B))).Should().Equal(stocks);
        (await fixture.CountAdjustmentsAsync(first.AdjustmentId)).Should().Be(1);
    }

    [Fact]
    public async Task AdjustStock_BelowZero_ReturnsFailedPreconditionWithPreconditionFailureAndMovesNothing()
    {
        using var writer = fixture.CreateWriterClient();
        var before = await fixture.StockAsync(20, ProdAreas.B);
        var request = Adjust(20, ProdAreas.B, -(before + 1));

        var act = () => writer.Inventory.AdjustStockAsync(request).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.FailedPrecondition);
        error.GetPreconditionViolations().Should().ContainSingle().Which.Should().BeEquivalentTo(
            new PreconditionViolation("STOCK", "products/20/areas/B", $"product 20 in area B: requested {before + 1}, available {before}"));
        (await fixture.StockAsync(20, ProdAreas.B)).Should().Be(before);
        (await fixture.StoredStockAsync(20, ProdAreas.B)).Should().Be(before);
        (await fixture.CountAdjustmentsAsync(request.AdjustmentId)).Should().Be(0, "a refused adjustment leaves its id free");
    }

    [Fact]
    public async Task AdjustStock_DownToExactlyZero_IsApplied()
    {
        using var writer = fixture.CreateWriterClient();
        var before = await fixture.StockAsync(21, ProdAreas.C);

        var response = await writer.Inventory.AdjustStockAsync(Adjust(21, ProdAreas.C, -before)).DefaultTimeout();

        response.ProdStock.Should().Be(0);
        (await fixture.StockAsync(21, ProdAreas.C)).Should().Be(0);
    }

    [Fact]
    public async Task AdjustStock_UnknownProduct_ReturnsNotFound()
    {
        using var writer = fixture.CreateWriterClient();
        var request = Adjust(1_000_000, ProdAreas.A, 10);

        var act = () => writer.Inventory.AdjustStockAsync(request).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.NotFound);
        error.Status.Detail.Should().Contain("1000000");
        (await fixture.CountAdjustmentsAsync(request.AdjustmentId)).Should().Be(0);
    }

    [Fact]
    public async Task AdjustStock_UnknownProductOverRest_Returns404()
    {
        using var http = fixture.CreateWriterRestClient();

        using var response = await InventoryHostFixture.PostAdjustmentAsync(http, new { prod_id = 1_000_000, delta = 1, adjustment_id = NewId() });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    public static TheoryData<string> BadInputRows => new(BadInputs.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(BadInputRows))]
    public async Task AdjustStock_BadInputOverGrpc_ReturnsInvalidArgumentNamingTheFieldAndMovesNothing(string rowName)
    {
        var row = BadInputs.Single(r => r.Name == rowName);
        using var writer = fixture.CreateWriterClient(validate: false);
        var before = await fixture.StockAsync(22, ProdAreas.A);

        var act = () => writer.Inventory.AdjustStockAsync(row.Request()).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be($"invalid AdjustStockRequest.{row.Field}: {row.Description}");
        error.GetFieldViolations().Should().Equal(new FieldViolation(row.Field, row.Description));
        (await fixture.StockAsync(22, ProdAreas.A)).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(BadInputRows))]
    public async Task AdjustStock_BadInputOverRest_Returns400NamingTheFieldAndMovesNothing(string rowName)
    {
        var row = BadInputs.Single(r => r.Name == rowName);
        using var http = fixture.CreateWriterRestClient();
        var before = await fixture.StockAsync(22, ProdAreas.A);
        var request = row.Request();
        var body = $$"""{"prod_id":{{request.ProdId}},"prod_area":{{(int)request.ProdArea}},"delta":{{request.Delta}},"adjustment_id":{{JsonSerializer.Serialize(request.AdjustmentId)}}}""";

        using var response = await http.PostAsync("/v1/stock:adjust", new StringContent(body, Encoding.UTF8, "application/json")).DefaultTimeout();

        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("code").GetInt32().Should().Be((int)StatusCode.InvalidArgument);
        json.RootElement.GetProperty("message").GetString().Should().Be($"invalid AdjustStockRequest.{row.Field}: {row.Description}");
        var violation = json.RootElement.GetProperty("details")[0].GetProperty("field_violations")[0];
        (violation.GetProperty("field").GetString(), violation.GetProperty("description").GetString()).Should().Be((row.Field, row.Description));
        (await fixture.StockAsync(22, ProdAreas.A)).Should().Be(before);
    }

    /// <summary>One bad request and the field violation it must be refused with.</summary>
    public sealed record BadInput(string Name, Func<AdjustStockRequest> Request, string Field, string Description);

    private static readonly BadInput[] BadInputs =
    [
        new("prod_id 0", () => Adjust(0, ProdAreas.A, 1), "prod_id", "value must be greater than 0"),
        new("prod_id -5", () => Adjust(-5, ProdAreas.A, 1), "prod_id", "value must be greater than 0"),
        new("delta 0", () => Adjust(22, ProdAreas.A, 0), "delta", "value must not be in list [0]"),
        new("delta 1,000,001", () => Adjust(22, ProdAreas.A, 1_000_001), "delta", "value must be inside range [-1000000, 1000000]"),
        new("delta -1,000,001", () => Adjust(22, ProdAreas.A, -1_000_001), "delta", "value must be inside range [-1000000, 1000000]"),
        new("prod_area 3", () => Adjust(22, (ProdAreas)3, 1), "prod_area", "value must be one of the defined enum values"),
        new("empty adjustment_id", () => Adjust(22, ProdAreas.A, 1, ""), "adjustment_id", "value is required"),
        new("65-character adjustment_id", () => Adjust(22, ProdAreas.A, 1, new string('a', 65)), "adjustment_id", "value length must be between 1 and 64 runes, inclusive"),
        new("adjustment_id with a space", () => Adjust(22, ProdAreas.A, 1, "bad id"), "adjustment_id", "value does not match regex pattern \"^[A-Za-z0-9_-]+$\""),
        new("adjustment_id with a slash", () => Adjust(22, ProdAreas.A, 1, "a/b"), "adjustment_id", "value does not match regex pattern \"^[A-Za-z0-9_-]+$\""),
    ];
}
