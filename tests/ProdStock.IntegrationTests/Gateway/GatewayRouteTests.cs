using ProdStock.Services.Storage.Sqlite;
using System.Net;
using System.Text.Json;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Testing;
using static ProdStock.IntegrationTests.Gateway.GatewayJson;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>The REST routes over real HTTPS against the real host: the same answers as the gRPC calls.</summary>
[Collection(HostCollection.Name)]
public sealed class GatewayRouteTests(HostFixture fixture)
{
    [Fact]
    public async Task GetProd_TutorialRoute_ReturnsSameStockAsGrpc()
    {
        using var http = fixture.CreateRestClient();
        using var grpc = fixture.CreateClient();
        var expected = await grpc.Products.GetProdStockAsync(new ProdRequest { ProdId = 998 }).DefaultTimeout();

        using var response = await http.GetAsync("/v1/prod/998").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be($$"""{"prod_stock":{{expected.ProdStock}},"prod_id":998}""");
    }

    [Theory]
    [InlineData("B", ProdAreas.B)]
    [InlineData("2", ProdAreas.C)]
    public async Task GetProd_AreaFromQuery_ByNameOrNumber_ReturnsStockOfThatArea(string area, ProdAreas expected)
    {
        using var http = fixture.CreateRestClient();

        var json = await (await http.GetAsync($"/v1/prod/1?prod_area={area}").DefaultTimeout()).ReadJsonAsync();

        json.GetProperty("prod_stock").GetInt32().Should().Be(DemoDataSet.Product(1)!.StockIn(expected));
    }

    [Fact]
    public async Task GetProdInfo_KnownProduct_ReturnsNameAndPrice()
    {
        using var http = fixture.CreateRestClient();
        var product = DemoDataSet.Product(42)!;

        var json = await (await http.GetAsync("/v1/prod/42/info").DefaultTimeout()).ReadJsonAsync();

        json.GetProperty("prod_id").GetInt32().Should().Be(42);
        json.GetProperty("prod_name").GetString().Should().Be(product.Name);
        json.GetProperty("prod_price").GetSingle().Should().Be(product.Price);
    }

    [Fact]
    public async Task GetProds_SizeAndAreaFromQuery_ReturnsFirstProducts()
    {
        using var http = fixture.CreateRestClient();

        var json = await (await http.GetAsync("/v1/prod?size=3&prodArea=C").DefaultTimeout()).ReadJsonAsync();

        json.GetProperty("productes").EnumerateArray()
            .Select(p => (p.GetProperty("prod_id").GetInt32(), p.GetProperty("prod_stock").GetInt32()))
            .Should().Equal(Enumerable.Range(1, 3).Select(id => (id, DemoDataSet.Product(id)!.StockIn(ProdAreas.C))));
    }

    [Fact]
    public async Task PostOrders_TutorialRouteWithRfc3339Time_StoresOrderAndIsIdempotent()
    {
        using var http = fixture.CreateRestClient();
        var orderNo = "rest-" + Guid.NewGuid().ToString("N");
        var body = $$"""{"order_no":"{{orderNo}}","user_id":12,"order_money":19.99,"order_time":"2026-11-25T08:30:15.250+01:00"}""";

        using var first = await http.PostAsync("/v1/orders", Json(body)).DefaultTimeout();
        using var again = await http.PostAsync("/v1/orders", Json(body.Replace("order_no", "orderNo", StringComparison.Ordinal))).DefaultTimeout();

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var created = await first.ReadJsonAsync();
        created.GetProperty("status").GetString().Should().Be("OK");
        // order_id is an int64: proto3 JSON writes it as a string.
        var orderId = long.Parse(created.GetProperty("order_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        orderId.Should().BePositive();
        (await again.ReadJsonAsync()).GetProperty("order_id").GetString().Should().Be(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stored = await fixture.Host.Services.GetRequiredService<ProdStock.Services.Storage.Sqlite.SqliteOrderStore>().FindByOrderNoAsync(orderNo, CancellationToken.None).DefaultTimeout();
        stored!.OrderTime.Should().Be(new DateTime(2026, 11, 25, 7, 30, 15, 250, DateTimeKind.Utc));
        stored.Money.Should().Be(19.99f);
    }

    [Fact]
    public async Task PostUserScores_BodyStar_ReturnsScores()
    {
        using var http = fixture.CreateRestClient();

        var json = await (await http.PostAsync("/v1/users/scores", Json("""{"users":[{"user_id":1},{"userId":2},{"user_id":99999}]}""")).DefaultTimeout()).ReadJsonAsync();

        json.GetProperty("users").EnumerateArray().Select(u => (u.GetProperty("user_id").GetInt32(), u.GetProperty("user_score").GetInt32()))
            .Should().Equal((1, DemoDataSet.Score(1)), (2, DemoDataSet.Score(2)), (99999, 0));
    }

    [Fact]
    public async Task PostUserScoresStream_ServerStreaming_ReturnsNdjsonBatches()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/users/scores:stream", Json("""{"users":[{"user_id":1},{"user_id":2},{"user_id":3}]}""")).DefaultTimeout();

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        var lines = await response.ReadNdjsonAsync();
        lines.Select(l => l.GetProperty("users").GetArrayLength()).Should().Equal(2, 1);
        lines[1].GetProperty("users")[0].GetProperty("user_score").GetInt32().Should().Be(DemoDataSet.Score(3));
    }

    [Fact]
    public async Task PostUserScoresCollect_NdjsonClientStream_ReturnsAllUsers()
    {
        using var http = fixture.CreateRestClient();

        var json = await (await http.PostAsync("/v1/users/scores:collect", Ndjson("""{"users":[{"user_id":4}]}""", "", """{"users":[{"user_id":5},{"user_id":6}]}""")).DefaultTimeout()).ReadJsonAsync();

        json.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("user_score").GetInt32())
            .Should().Equal(DemoDataSet.Score(4), DemoDataSet.Score(5), DemoDataSet.Score(6));
    }

    [Fact]
    public async Task PostUserScoresCollect_JsonArrayClientStream_ReturnsAllUsers()
    {
        using var http = fixture.CreateRestClient();

        var json = await (await http.PostAsync("/v1/users/scores:collect", Json("""[{"users":[{"user_id":7}]},{"users":[{"user_id":8}]}]""")).DefaultTimeout()).ReadJsonAsync();

        json.GetProperty("users").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task GetProd_UnknownJsonFieldsAndQueryParameters_AreIgnored()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.GetAsync("/v1/prod/3?no_such_field=1").DefaultTimeout();
        using var order = await http.PostAsync("/v1/orders", Json($$$"""{"order_no":"rest-{{{Guid.NewGuid():N}}}","user_id":1,"order_money":1,"coupon":{"code":"X"}}""")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        order.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
