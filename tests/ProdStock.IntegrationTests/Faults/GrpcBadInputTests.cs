using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>
/// The gRPC rows of the bad-input table against the real host, with the SDK's own validation switched off so every
/// request reaches the server's checks: <c>INVALID_ARGUMENT</c>, the protoc-gen-validate style detail, the field
/// violations in <c>grpc-status-details-bin</c>, and no order stored.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class GrpcBadInputTests(FaultHostFixture fixture)
{
    public static TheoryData<string> Rows => FaultTable.GrpcRowNames();

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Call_BadInput_ReturnsInvalidArgumentWithFieldViolationsAndStoresNothing(string rowName)
    {
        var row = FaultTable.Grpc.Single(r => r.Name == rowName);
        using var client = fixture.CreateUncheckedClient();
        var orderNumbers = new OrderNumbers();
        var before = await fixture.CountOrdersAsync();

        var error = await FaultTable.SendExpectingFailureAsync(row, new GrpcFaultTarget(client, orderNumbers));

        error.ShouldMatch(row);
        (await fixture.CountOrdersAsync()).Should().Be(before, "a rejected request stores nothing");
        foreach (var orderNo in orderNumbers.Used)
        {
            (await fixture.CountOrdersAsync(orderNo)).Should().Be(0, "order_no {0} was rejected", orderNo);
        }
    }

    [Fact]
    public async Task GetUserScore_TenThousandUsers_IsAccepted()
    {
        using var client = fixture.CreateUncheckedClient();

        var response = await client.Users.GetUserScoreAsync(FaultTable.ManyUsers(10_000)).DefaultTimeout();

        response.Users.Should().HaveCount(10_000);
        response.Users[999].Should().BeEquivalentTo(new UserInfo { UserId = 1000, UserScore = DemoDataSet.Score(1000) });
    }

    [Fact]
    public async Task NewOrder_BoundaryValues_AreAccepted()
    {
        using var client = fixture.CreateUncheckedClient();
        var before = await fixture.CountOrdersAsync();
        var orderNo = ("edge-" + Guid.NewGuid().ToString("N")).PadRight(64, '_');

        var response = await client.Orders.NewOrderAsync(new OrderRequest
        {
            OrderMain = new OrderMain { OrderNo = orderNo, UserId = int.MaxValue, OrderMoney = float.Epsilon },
        }).DefaultTimeout();

        response.Status.Should().Be("OK");
        (await fixture.CountOrdersAsync()).Should().Be(before + 1);
        (await fixture.CountOrdersAsync(orderNo)).Should().Be(1, "a 64-character order_no, the largest user_id and the smallest positive amount are valid");
    }
}
