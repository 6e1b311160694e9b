using System.Net;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Telemetry;

/// <summary>The host's metrics as an exporter receives them, and as Prometheus scrapes them.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsTests(TelemetryHostFixture fixture)
{
    private const string Duration = "rpc.server.duration";
    private const string Stored = "prodstock.orders.stored";
    private const string Refused = "prodstock.orders.refused";
    private const string Units = "prodstock.units.reserved";

    [Fact]
    public async Task GetProdStock_OkAndNotFound_RecordsRpcServerDurationByMethodAndStatus()
    {
        using var client = fixture.CreateClient();
        var before = fixture.CollectMetrics();

        await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout();
        await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 2 }).DefaultTimeout();
        var notFound = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = 999_999 }).AsTask();
        await notFound.Should().ThrowAsync<RpcException>().Where(e => e.StatusCode == StatusCode.NotFound);

        var after = fixture.CollectMetrics();
        Count(after, "GetProdStock", StatusCode.OK).Should().Be(Count(before, "GetProdStock", StatusCode.OK) + 2);
        Count(after, "GetProdStock", StatusCode.NotFound).Should().Be(Count(before, "GetProdStock", StatusCode.NotFound) + 1);
        after.TagSets(Duration).Should().Contain(tags =>
            Equals(tags["rpc.system"], "grpc") && Equals(tags["rpc.service"], "services.ProdService") && Equals(tags["rpc.method"], "GetProdStock")
            && Equals(tags["rpc.grpc.status_code"], (int)StatusCode.NotFound));
    }

    [Fact]
    public async Task NewOrder_InvalidRequest_RecordsRpcServerDurationWithInvalidArgument()
    {
        using var client = fixture.CreateClient(o => o.ValidateRequests = false);
        var before = fixture.CollectMetrics();

        var invalid = () => client.Orders.NewOrderAsync(new OrderRequest { OrderMain = new OrderMain { OrderNo = "", UserId = 1 } }).AsTask();
        await invalid.Should().ThrowAsync<RpcException>().Where(e => e.StatusCode == StatusCode.InvalidArgument);

        Count(fixture.CollectMetrics(), "NewOrder", StatusCode.InvalidArgument).Should().Be(Count(before, "NewOrder", StatusCode.InvalidArgument) + 1);
    }

    [Fact]
    public async Task NewOrder_StoredWithTwoLinesOfFiveUnits_CountsOneOrderAndFiveUnits()
    {
        using var client = fixture.CreateClient();
        var products = await InStockAsync(client, 2, 3);
        var before = fixture.CollectMetrics();

        await client.Orders.NewOrderAsync(Order(NewOrderNo(), (products[0], ProdAreas.A, 2), (products[1], ProdAreas.A, 3))).DefaultTimeout();

        var after = fixture.CollectMetrics();
        after.Sum(Stored).Should().Be(before.Sum(Stored) + 1);
        after.Sum(Units).Should().Be(before.Sum(Units) + 5);
        after.Sum(Refused).Should().Be(before.Sum(Refused));
    }

    [Fact]
    public async Task NewOrder_ShortOfStock_CountsOneRefusalForInsufficientStock()
    {
        using var client = fixture.CreateClient();
        var shortOrder = await ShortOrderAsync(client);
        var before = fixture.CollectMetrics();

        var place = () => client.Orders.NewOrderAsync(shortOrder).AsTask();
        await place.Should().ThrowAsync<RpcException>().Where(e => e.StatusCode == StatusCode.FailedPrecondition);

        var after = fixture.CollectMetrics();
        Refusals(after, "insufficient_stock").Should().Be(Refusals(before, "insufficient_stock") + 1);
        after.Sum(Refused).Should().Be(before.Sum(Refused) + 1);
        after.Sum(Stored).Should().Be(before.Sum(Stored));
        after.Sum(Units).Should().Be(before.Sum(Units));
    }

    [Fact]
    public async Task NewOrder_UnknownProductAndTakenOrderNo_CountOneRefusalEach()
    {
        using var client = fixture.CreateClient();
        var orderNo = NewOrderNo();
        await client.Orders.NewOrderAsync(Order(orderNo)).DefaultTimeout();
        var before = fixture.CollectMetrics();

        var unknown = () => client.Orders.NewOrderAsync(Order(NewOrderNo(), (DemoDataSet.ProductCount + 1, ProdAreas.A, 1))).AsTask();
        await unknown.Should().ThrowAsync<RpcException>().Where(e => e.StatusCode == StatusCode.NotFound);
        var taken = () => client.Orders.NewOrderAsync(Order(orderNo, (1, ProdAreas.B, 1))).AsTask();
        await taken.Should().ThrowAsync<RpcException>().Where(e => e.StatusCode == StatusCode.AlreadyExists);
        await client.Orders.NewOrderAsync(Order(orderNo)).DefaultTimeout(); // resent as it was: answered, neither stored nor refused

        var after = fixture.CollectMetrics();
        Refusals(after, "unknown_product").Should().Be(Refusals(before, "unknown_product") + 1);
        Refusals(after, "order_no_taken").Should().Be(Refusals(before, "order_no_taken") + 1);
        after.Sum(Refused).Should().Be(before.Sum(Refused) + 2);
        after.Sum(Stored).Should().Be(before.Sum(Stored));
    }

    [Fact]
    public void ReadModel_AfterStart_GaugesItsProductsAndCountsTheFirstLoad()
    {
        var metrics = fixture.CollectMetrics();

        metrics.Gauge("prodstock.read_model.products").Should().Be(DemoDataSet.ProductCount);
        metrics.Sum("prodstock.read_model.reloads").Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void Meters_AfterCalls_IncludeAspNetCoreAndKestrel()
    {
        var names = fixture.CollectMetrics().Select(m => m.Name).ToHashSet();

        names.Should().Contain(["http.server.request.duration", "kestrel.active_connections"]);
    }

    [Fact]
    public async Task Metrics_ScrapedOverHttp_ServesPrometheusTextWithRpcAndDomainMetrics()
    {
        using var client = fixture.CreateClient();
        await client.Orders.NewOrderAsync(Order(NewOrderNo(), (1, ProdAreas.C, 1))).DefaultTimeout();
        var shortOrder = await ShortOrderAsync(client);
        var place = () => client.Orders.NewOrderAsync(shortOrder).AsTask();
        await place.Should().ThrowAsync<RpcException>().Where(e => e.StatusCode == StatusCode.FailedPrecondition);
        using var http = new HttpClient { BaseAddress = fixture.Host.ManagementAddress, Timeout = TimeSpan.FromSeconds(30) };

        // Served on the management listener, plain HTTP. The exporter may answer from a cache of the last scrape for a moment: scrape until the calls show.
        var (response, text) = await ScrapeUntilAsync(http, body => body.Contains("prodstock_orders_refused_total", StringComparison.Ordinal));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        text.Should().Contain("# TYPE rpc_server_duration_milliseconds histogram")
            .And.MatchRegex("""rpc_server_duration_milliseconds_bucket\{[^}]*rpc_method="NewOrder"[^}]*\}""")
            .And.Contain("prodstock_orders_stored_total")
            .And.Contain("prodstock_units_reserved_total")
            .And.MatchRegex("""prodstock_orders_refused_total\{[^}]*reason="insufficient_stock"[^}]*\} [1-9]""")
            .And.Contain("prodstock_read_model_products")
            .And.Contain("http_server_request_duration_seconds");
    }

    [Fact]
    public async Task Metrics_OnTheTlsRestListener_Returns404()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.GetAsync("/metrics").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "metrics are served on the management listener only");
    }

    private static async Task<(HttpResponseMessage Response, string Text)> ScrapeUntilAsync(HttpClient http, Func<string, bool> complete)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var response = await http.GetAsync("/metrics", deadline.Token).DefaultTimeout();
            var text = await response.Content.ReadAsStringAsync(deadline.Token).DefaultTimeout();
            if (complete(text) || deadline.IsCancellationRequested)
            {
                return (response, text);
            }

            response.Dispose();
            await Task.Delay(100, deadline.Token);
        }
    }

    private static long Count(IEnumerable<OpenTelemetry.Metrics.MetricSnapshot> metrics, string method, StatusCode status) =>
        metrics.HistogramCount(Duration, ("rpc.method", method), ("rpc.grpc.status_code", (int)status));

    private static long Refusals(IEnumerable<OpenTelemetry.Metrics.MetricSnapshot> metrics, string reason) =>
        metrics.Sum(Refused, ("reason", reason));

    /// <summary>An order for one unit more than a product has in stock in area A.</summary>
    private static async Task<OrderRequest> ShortOrderAsync(ProdStock.ClientSdk.ProdStockClient client)
    {
        var product = (await InStockAsync(client, 1, 1)).Single();
        var available = (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = product, ProdArea = ProdAreas.A }).DefaultTimeout()).ProdStock;
        return Order(NewOrderNo(), (product, ProdAreas.A, available + 1));
    }

    /// <summary>Products with at least <paramref name="units"/> in stock in area A, as the host reports them now.</summary>
    private static async Task<List<int>> InStockAsync(ProdStock.ClientSdk.ProdStockClient client, int count, int units)
    {
        var found = new List<int>();
        for (var prodId = 1; found.Count < count && prodId <= DemoDataSet.ProductCount; prodId++)
        {
            var stock = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = ProdAreas.A }).DefaultTimeout();
            if (stock.ProdStock >= units)
            {
                found.Add(prodId);
            }
        }

        return found;
    }

    private static string NewOrderNo() => "metrics-" + Guid.NewGuid().ToString("N");

    private static OrderRequest Order(string orderNo, params (int ProdId, ProdAreas Area, int Quantity)[] lines) => new()
    {
        OrderMain = new OrderMain
        {
            OrderNo = orderNo,
            UserId = 5,
            OrderMoney = 9.5f,
            OrderLines = [.. lines.Select(l => new OrderLine { ProdId = l.ProdId, ProdArea = l.Area, Quantity = l.Quantity })],
        },
    };
}
