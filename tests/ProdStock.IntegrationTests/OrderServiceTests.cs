using ProdStock.Services.Storage.Sqlite;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

[Collection(HostCollection.Name)]
public sealed class OrderServiceTests(HostFixture fixture)
{
    private static string NewOrderNo() => "it-" + Guid.NewGuid().ToString("N");

    private static OrderRequest Order(string orderNo, int userId = 7, float money = 19.99f, DateTime? time = null) =>
        new() { OrderMain = new OrderMain { OrderNo = orderNo, UserId = userId, OrderMoney = money, OrderTime = time } };

    private SqliteOrderStore Store => fixture.Host.Services.GetRequiredService<SqliteOrderStore>();

    [Fact]
    public async Task NewOrder_ValidOrderWithTime_StoresItAndNamesTheOrderId()
    {
        using var client = fixture.CreateClient();
        var orderNo = NewOrderNo();
        var time = new DateTime(2026, 11, 25, 8, 30, 15, 123, DateTimeKind.Utc);

        var response = await client.Orders.NewOrderAsync(Order(orderNo, 42, 12.5f, time)).DefaultTimeout();

        response.Status.Should().Be("OK");
        response.OrderId.Should().BePositive();
        response.Message.Should().Contain(response.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stored = await Store.FindByOrderNoAsync(orderNo, CancellationToken.None).DefaultTimeout();
        stored.Should().NotBeNull();
        stored!.OrderId.Should().Be(response.OrderId);
        stored.UserId.Should().Be(42);
        stored.Money.Should().Be(12.5f);
        stored.OrderTime.Should().Be(time);
        stored.TimeFromClient.Should().BeTrue();
    }

    [Fact]
    public async Task NewOrder_WithoutTime_UsesServerTime()
    {
        using var client = fixture.CreateClient();
        var orderNo = NewOrderNo();
        var before = DateTime.UtcNow.AddSeconds(-1);

        await client.Orders.NewOrderAsync(Order(orderNo)).DefaultTimeout();

        var stored = await Store.FindByOrderNoAsync(orderNo, CancellationToken.None).DefaultTimeout();
        stored!.OrderTime.Should().BeOnOrAfter(before).And.BeOnOrBefore(DateTime.UtcNow.AddSeconds(1));
        stored.TimeFromClient.Should().BeFalse();
    }

    [Fact]
    public async Task NewOrder_SameOrderSentAgain_ReturnsFirstAnswerAndStoresOneRow()
    {
        using var client = fixture.CreateClient();
        var orderNo = NewOrderNo();
        var time = DateTime.UtcNow;

        var first = await client.Orders.NewOrderAsync(Order(orderNo, time: time)).DefaultTimeout();
        var again = await client.Orders.NewOrderAsync(Order(orderNo, time: time)).DefaultTimeout();
        var againWithoutTime = await client.Orders.NewOrderAsync(Order(orderNo)).DefaultTimeout();

        again.Should().BeEquivalentTo(first);
        againWithoutTime.Should().BeEquivalentTo(first);
        (await CountOrdersAsync(orderNo)).Should().Be(1);
    }

    [Theory]
    [InlineData(8, 19.99f, false)]
    [InlineData(7, 20.00f, false)]
    [InlineData(7, 19.99f, true)]
    public async Task NewOrder_DifferentOrderUnderUsedOrderNo_ReturnsAlreadyExists(int userId, float money, bool otherTime)
    {
        using var client = fixture.CreateClient();
        var orderNo = NewOrderNo();
        var time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var first = await client.Orders.NewOrderAsync(Order(orderNo, time: time)).DefaultTimeout();

        var act = () => client.Orders.NewOrderAsync(Order(orderNo, userId, money, otherTime ? time.AddMinutes(1) : time)).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.AlreadyExists);
        error.Status.Detail.Should().Contain(orderNo).And.Contain(first.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await CountOrdersAsync(orderNo)).Should().Be(1);
    }

    public static TheoryData<string, string?, int, float> BadOrders => new()
    {
        { "empty order_no", "", 7, 1f },
        { "65-char order_no", new string('x', 65), 7, 1f },
        { "non-ASCII order_no", "bestellung-\u00fc", 7, 1f },
        { "order_no with a space", "a b", 7, 1f },
        { "user_id 0", null, 0, 1f },
        { "negative user_id", null, -3, 1f },
        { "zero money", null, 7, 0f },
        { "negative money", null, 7, -1f },
        { "NaN money", null, 7, float.NaN },
        { "+Infinity money", null, 7, float.PositiveInfinity },
        { "-Infinity money", null, 7, float.NegativeInfinity },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task NewOrder_MalformedField_ReturnsInvalidArgumentAndStoresNothing(string why, string? orderNo, int userId, float money)
    {
        using var client = fixture.CreateClient(options => options.ValidateRequests = false);
        var number = orderNo ?? NewOrderNo();
        var before = await CountOrdersAsync();

        var act = () => client.Orders.NewOrderAsync(Order(number, userId, money)).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>(why)).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().StartWith("invalid OrderMain.");
        (await CountOrdersAsync()).Should().Be(before);
    }

    [Fact]
    public async Task NewOrder_MissingOrderMain_ReturnsInvalidArgumentNamingTheField()
    {
        using var client = fixture.CreateClient(options => options.ValidateRequests = false);

        var act = () => client.Orders.NewOrderAsync(new OrderRequest()).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("order_main");
    }

    [Fact]
    public async Task NewOrder_FiftyConcurrentCallsWithOneOrderNo_StoreExactlyOneRow()
    {
        using var client = fixture.CreateClient();
        var orderNo = NewOrderNo();
        var time = DateTime.UtcNow;

        var answers = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => client.Orders.NewOrderAsync(Order(orderNo, time: time)).AsTask())).DefaultTimeout();

        answers.Select(a => a.OrderId).Distinct().Should().ContainSingle();
        (await CountOrdersAsync(orderNo)).Should().Be(1);
    }

    private async Task<long> CountOrdersAsync(string? orderNo = null)
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.StorePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync().DefaultTimeout();
        await using var command = connection.CreateCommand();
        command.CommandText = orderNo is null ? "SELECT COUNT(*) FROM orders" : "SELECT COUNT(*) FROM orders WHERE order_no = $no";
        command.Parameters.AddWithValue("$no", orderNo ?? "");
        return (long)(await command.ExecuteScalarAsync().DefaultTimeout())!;
    }
}
