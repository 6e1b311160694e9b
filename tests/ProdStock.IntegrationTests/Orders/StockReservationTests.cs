using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CodeFirst.Validation;
using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Orders;

/// <summary>Orders with lines against the real host on its SQLite store: stock moves exactly, never below zero.</summary>
public sealed class StockReservationTests : IAsyncLifetime
{
    private readonly TestWorkspace _workspace = new();
    private TestHost _host = null!;
    private ProdStockClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath);
        _client = _workspace.CreateClient(_host.Address);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        _workspace.Dispose();
    }

    [Fact]
    public async Task NewOrder_200ConcurrentOneUnitOrdersForStock100_Exactly100SucceedAndStockEndsAtZero()
    {
        // Arrange: product 1 in area A, brought to exactly 100.
        await BringToAsync(1, ProdAreas.A, 100);
        var reads = new ConcurrentBag<int>();
        using var stopReading = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stopReading.IsCancellationRequested)
            {
                reads.Add((await _client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout()).ProdStock);
            }
        });

        // Act
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => OutcomeAsync(Order($"c200-{i}", (1, ProdAreas.A, 1))))));
        await stopReading.CancelAsync();
        await reader.DefaultTimeout();

        // Assert
        outcomes.Count(o => o == StatusCode.OK).Should().Be(100);
        outcomes.Count(o => o == StatusCode.FailedPrecondition).Should().Be(100);
        (await StockAsync(1, ProdAreas.A)).Should().Be(0);
        reads.Should().NotBeEmpty().And.OnlyContain(stock => stock >= 0 && stock <= 100);
        await ReadModelShouldEqualTheDatabaseAsync();
    }

    [Fact]
    public async Task NewOrder_SameOrderNoWithLines50TimesAtOnce_MovesStockOnceAndAnswersOneOrder()
    {
        var before = await StockAsync(2, ProdAreas.B);
        var order = Order("same-50", (2, ProdAreas.B, 3), (3, ProdAreas.C, 1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await _client.Orders.NewOrderAsync(order).DefaultTimeout())));

        answers.Select(a => a.OrderId).Distinct().Should().ContainSingle();
        (await StockAsync(2, ProdAreas.B)).Should().Be(before - 3);
        (await StockDatabase.OrdersAsync(_workspace.StorePath))["same-50"].Should().HaveCount(2);
    }

    [Fact]
    public async Task NewOrder_ShortLines_FailsPreconditionNamingEachShortLineAndMovesNothing()
    {
        var stock4 = await StockAsync(4, ProdAreas.A);
        var stock5 = await StockAsync(5, ProdAreas.C);
        var stock6 = await StockAsync(6, ProdAreas.B);

        var act = () => _client.Orders.NewOrderAsync(Order("short-1", (4, ProdAreas.A, stock4 + 1), (5, ProdAreas.C, 1), (6, ProdAreas.B, stock6 + 7))).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.FailedPrecondition);
        error.GetPreconditionViolations().Should().Equal(
            new PreconditionViolation("STOCK", "products/4/areas/A", $"product 4 in area A: requested {stock4 + 1}, available {stock4}"),
            new PreconditionViolation("STOCK", "products/6/areas/B", $"product 6 in area B: requested {stock6 + 7}, available {stock6}"));
        ((await StockAsync(4, ProdAreas.A)), (await StockAsync(5, ProdAreas.C)), (await StockAsync(6, ProdAreas.B))).Should().Be((stock4, stock5, stock6));
        (await StockDatabase.OrdersAsync(_workspace.StorePath)).Should().NotContainKey("short-1");
    }

    [Fact]
    public async Task NewOrder_UnknownProduct_IsNotFoundNamingItAndMovesNothing()
    {
        var stock = await StockAsync(7, ProdAreas.A);

        var act = () => _client.Orders.NewOrderAsync(Order("unknown-1", (7, ProdAreas.A, 1), (5000, ProdAreas.B, 1))).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        (error.StatusCode, error.Status.Detail).Should().Be((StatusCode.NotFound, "product 5000 was not found"));
        (await StockAsync(7, ProdAreas.A)).Should().Be(stock);
    }

    [Fact]
    public async Task NewOrder_UsedOrderNoWithOtherLines_IsAlreadyExistsAndMovesNothing()
    {
        await _client.Orders.NewOrderAsync(Order("lines-taken", (8, ProdAreas.A, 1))).DefaultTimeout();
        var stock = await StockAsync(8, ProdAreas.A);

        var act = () => _client.Orders.NewOrderAsync(Order("lines-taken", (8, ProdAreas.A, 2))).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.AlreadyExists);
        (await StockAsync(8, ProdAreas.A)).Should().Be(stock);
    }

    [Fact]
    public async Task PostOrders_WithOrderLines_TakesStockAndAShortLineIsA400WithPreconditionFailure()
    {
        using var http = RestClients.Create(_host.RestAddress, _workspace.Certificates.Authority, _workspace.Certificates.Client);
        var before = await StockAsync(9, ProdAreas.C);
        static StringContent Body(string orderNo, int quantity) => new(
            $$"""{"order_no":"{{orderNo}}","user_id":7,"order_money":5,"order_lines":[{"prod_id":9,"prod_area":"C","quantity":{{quantity}}}]}""",
            Encoding.UTF8, "application/json");

        var placed = await http.PostAsync("/v1/orders", Body("rest-lines-1", 2)).DefaultTimeout();
        var refused = await http.PostAsync("/v1/orders", Body("rest-lines-2", 10_000)).DefaultTimeout();

        placed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await StockAsync(9, ProdAreas.C)).Should().Be(before - 2);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await refused.Content.ReadAsStringAsync();
        body.Should().Contain("\"code\":9").And.Contain("type.googleapis.com/google.rpc.PreconditionFailure").And.Contain("\"subject\":\"products/9/areas/C\"");
    }

    [Fact]
    public async Task NewOrder_WithoutLines_MovesNoStockAsTheTutorialsClientsExpect()
    {
        var stock = await _client.Products.GetProdStocksAsync(new QuerySize { Size = 1000, ProdArea = ProdAreas.B }).DefaultTimeout();

        await _client.Orders.NewOrderAsync(new OrderRequest { OrderMain = new OrderMain { OrderNo = "no-lines", UserId = 1, OrderMoney = 1 } }).DefaultTimeout();

        (await _client.Products.GetProdStocksAsync(new QuerySize { Size = 1000, ProdArea = ProdAreas.B }).DefaultTimeout())
            .Productes.Select(p => p.ProdStock).Should().Equal(stock.Productes.Select(p => p.ProdStock));
    }

    private static OrderRequest Order(string orderNo, params (int ProdId, ProdAreas Area, int Quantity)[] lines) => new()
    {
        OrderMain = new OrderMain
        {
            OrderNo = orderNo,
            UserId = 7,
            OrderMoney = 9.5f,
            OrderTime = new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc),
            OrderLines = [.. lines.Select(l => new OrderLine { ProdId = l.ProdId, ProdArea = l.Area, Quantity = l.Quantity })],
        },
    };

    private async Task<StatusCode> OutcomeAsync(OrderRequest order)
    {
        try
        {
            await _client.Orders.NewOrderAsync(order).DefaultTimeout();
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }

    private async Task<int> StockAsync(int prodId, ProdAreas area) =>
        (await _client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = area }).DefaultTimeout()).ProdStock;

    private async Task BringToAsync(int prodId, ProdAreas area, int target)
    {
        var stock = await StockAsync(prodId, area);
        stock.Should().BeGreaterThanOrEqualTo(target, "the demo data must have enough to start from");
        if (stock > target)
        {
            await _client.Orders.NewOrderAsync(Order($"bring-{prodId}-{area}", (prodId, area, stock - target))).DefaultTimeout();
        }
    }

    private async Task ReadModelShouldEqualTheDatabaseAsync()
    {
        var database = await StockDatabase.StockAsync(_workspace.StorePath);
        foreach (var area in Enum.GetValues<ProdAreas>())
        {
            var served = await _client.Products.GetProdStocksAsync(new QuerySize { Size = DemoDataSet.ProductCount, ProdArea = area }).DefaultTimeout();
            served.Productes.Should().AllSatisfy(p => p.ProdStock.Should().Be(database[(p.ProdId, area)], $"product {p.ProdId} in area {area}"));
        }
    }
}
