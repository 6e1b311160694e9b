using Grpc.Core;
using Grpc.Health.V1;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>
/// After the whole table: sends every row again, all at once, and then checks that the host is still healthy, still
/// answers a normal call, and holds no order from any rejected request.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTableSweepTests(FaultHostFixture fixture)
{
    [Fact]
    public async Task FaultTable_EveryRowAgainInOneGo_HostStaysHealthyAndStoresNoRejectedOrder()
    {
        var ordersBefore = await fixture.CountOrdersAsync();
        var activeBefore = await fixture.SettledActiveRequestsAsync();
        var orderNumbers = new OrderNumbers();
        using var client = fixture.CreateUncheckedClient();
        using var http = fixture.CreateRestClient();
        using var channel = fixture.CreateRawChannel();
        var target = new GrpcFaultTarget(client, orderNumbers);
        var shortDeadline = TimeSpan.FromSeconds(2);

        var attempts = new List<(string Row, Func<Task> Attempt)>();
        attempts.AddRange(FaultTable.Grpc.Select(row => ($"gRPC {row.Name}", (Func<Task>)(async () =>
            (await FaultTable.SendExpectingFailureAsync(row, target)).ShouldMatch(row)))));
        attempts.AddRange(FaultTable.Rest.Select(row => ($"REST {row.Name}", (Func<Task>)(async () =>
        {
            using var response = await http.SendAsync(row, orderNumbers);
            await response.ShouldMatchAsync(row);
        }))));
        attempts.AddRange(SecurityFaults.Clients.Select(c => ($"gRPC {c.Name}", (Func<Task>)(() => SecurityFaults.GrpcCallExpectingRefusalAsync(fixture, c)))));
        attempts.AddRange(SecurityFaults.Clients.Select(c => ($"REST {c.Name}", (Func<Task>)(() => SecurityFaults.RestRequestExpectingRefusalAsync(fixture, c)))));
        attempts.Add(("gRPC plaintext", () => SecurityFaults.GrpcCallExpectingRefusalAsync(fixture, client: null)));
        attempts.Add(("REST plaintext", () => SecurityFaults.PlaintextRestRequestExpectingRefusalAsync(fixture)));
        attempts.Add(("gRPC message over the receive limit", async () =>
            (await CallFaults.SendRawUnaryExpectingFailureAsync(channel, ProtoNames.UserService, "GetUserScore", CallFaults.OversizedUserScoreRequest()))
                .StatusCode.Should().Be(StatusCode.ResourceExhausted)));
        attempts.Add(("gRPC OrderRequest that is not protobuf", async () =>
            // OrderRequest{order_main{order_no "a", user_id 1, order_money 1}} cut off inside order_money.
            (await CallFaults.SendRawUnaryExpectingFailureAsync(channel, ProtoNames.OrderService, "NewOrder", [0x0A, 0x0B, 0x12, 0x01, 0x61, 0x18, 0x01, 0x25, 0x00, 0x00]))
                .StatusCode.Should().Be(StatusCode.InvalidArgument)));
        attempts.Add(("gRPC client stream cancelled", async () =>
            CallFaults.IsCancellation(await CallFaults.CancelClientStreamMidwayAsync(client.Users, () => Task.CompletedTask)).Should().BeTrue()));
        attempts.Add(("gRPC duplex stream cancelled", async () =>
            CallFaults.IsCancellation(await CallFaults.CancelDuplexStreamMidwayAsync(client.Users, () => Task.CompletedTask)).Should().BeTrue()));
        attempts.Add(("gRPC client stream past its deadline", async () =>
            ShouldHaveEndedByDeadline(await CallFaults.OverrunClientStreamDeadlineAsync(client.Users, shortDeadline, () => Task.CompletedTask))));
        attempts.Add(("gRPC duplex stream past its deadline", async () =>
            ShouldHaveEndedByDeadline(await CallFaults.OverrunDuplexStreamDeadlineAsync(channel, shortDeadline, () => Task.CompletedTask))));

        var failures = await Task.WhenAll(attempts.Select(a => FailureOfAsync(a.Row, a.Attempt))).DefaultTimeout();

        failures.Where(f => f is not null).Should().BeEmpty("every row of the table is refused as it was alone");
        attempts.Should().HaveCountGreaterThan(FaultTable.Grpc.Count + FaultTable.Rest.Count);
        (await fixture.CountOrdersAsync()).Should().Be(ordersBefore, "no rejected order is stored");
        orderNumbers.Used.Should().NotBeEmpty();
        foreach (var orderNo in orderNumbers.Used.Append("").Distinct())
        {
            (await fixture.CountOrdersAsync(orderNo)).Should().Be(0, "order_no '{0}' was rejected", orderNo);
        }

        (await fixture.CheckHealthAsync()).Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
        var stock = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1, ProdArea = ProdAreas.B }).DefaultTimeout();
        stock.ProdStock.Should().Be(DemoDataSet.Product(1)!.StockIn(ProdAreas.B));
        var accepted = orderNumbers.Fresh("after-");
        var order = await client.Orders.NewOrderAsync(new OrderRequest { OrderMain = new OrderMain { OrderNo = accepted, UserId = 7, OrderMoney = 19.99f } }).DefaultTimeout();
        order.Status.Should().Be("OK");
        (await fixture.CountOrdersAsync()).Should().Be(ordersBefore + 1);
        (await fixture.CountOrdersAsync(accepted)).Should().Be(1);
        (await fixture.WaitForActiveRequestsAsync(v => v == activeBefore, TimeSpan.FromSeconds(5))).Should().Be(activeBefore, "the host holds on to no call of the table");
    }

    private static void ShouldHaveEndedByDeadline(Exception error) =>
        CallFaults.EndedByDeadline(error).Should().BeTrue("the call ends past its deadline, not {0}", error);

    private static async Task<string?> FailureOfAsync(string row, Func<Task> attempt)
    {
        try
        {
            await attempt();
            return null;
        }
        catch (Exception ex)
        {
            return $"{row}: {ex.Message}";
        }
    }
}
