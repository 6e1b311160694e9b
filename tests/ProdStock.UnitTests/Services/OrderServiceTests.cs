using ProdStock.Services.Storage.Sqlite;
using System.Globalization;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Orders;
using ProdStock.Services.Storage;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Services;

/// <summary>Each test has its own empty store, so row counts belong to that test alone.</summary>
public sealed class OrderServiceTests : IAsyncLifetime
{
    private static readonly DateTime ClientTime = new(2024, 2, 29, 12, 34, 56, 789, DateTimeKind.Utc);

    private TestStore _store = null!;
    private OrderService _service = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(seedDemoData: false);
        _service = _store.Get<OrderService>();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static OrderRequest Order(string orderNo = "order-1", int userId = 7, float money = 12.5f, DateTime? time = null) =>
        new() { OrderMain = new OrderMain { OrderNo = orderNo, UserId = userId, OrderMoney = money, OrderTime = time } };

    private Task<StoredOrder?> FindAsync(string orderNo) =>
        _store.Get<SqliteOrderStore>().FindByOrderNoAsync(orderNo, CancellationToken.None).DefaultTimeout();

    private Task<long> CountOrdersAsync() => _store.CountAsync("orders");

    [Fact]
    public async Task NewOrder_ValidOrder_StoresItAndAnswersOkWithOrderId()
    {
        // Act
        var response = await _service.NewOrderAsync(Order("A-100", userId: 42, money: 99.75f, time: ClientTime)).DefaultTimeout();

        // Assert
        response.Status.Should().Be("OK");
        response.OrderId.Should().BePositive();
        response.Message.Should().Contain(response.OrderId.ToString(CultureInfo.InvariantCulture));
        (await CountOrdersAsync()).Should().Be(1);
        var stored = await FindAsync("A-100");
        stored.Should().BeEquivalentTo(new StoredOrder(response.OrderId, "A-100", 42, 99.75f, ClientTime, TimeFromClient: true, Lines: []));
    }

    [Fact]
    public async Task NewOrder_TwoOrderNumbers_StoresTwoOrdersWithDifferentIds()
    {
        // Act
        var first = await _service.NewOrderAsync(Order("first")).DefaultTimeout();
        var second = await _service.NewOrderAsync(Order("second")).DefaultTimeout();

        // Assert
        second.OrderId.Should().NotBe(first.OrderId);
        (await CountOrdersAsync()).Should().Be(2);
    }

    [Fact]
    public async Task NewOrder_WithoutOrderTime_StoresServerTime()
    {
        // Arrange
        _store.Clock.Now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

        // Act
        await _service.NewOrderAsync(Order("no-time", time: null)).DefaultTimeout();

        // Assert
        var stored = await FindAsync("no-time");
        stored!.OrderTime.Should().Be(_store.Clock.Now.UtcDateTime);
        stored.OrderTime.Kind.Should().Be(DateTimeKind.Utc);
        stored.TimeFromClient.Should().BeFalse();
    }

    [Fact]
    public async Task NewOrder_WithOrderTime_KeepsClientTime()
    {
        // Act
        await _service.NewOrderAsync(Order("with-time", time: ClientTime)).DefaultTimeout();

        // Assert
        var stored = await FindAsync("with-time");
        stored!.OrderTime.Should().Be(ClientTime).And.NotBe(_store.Clock.Now.UtcDateTime);
        stored.TimeFromClient.Should().BeTrue();
    }

    [Fact]
    public async Task NewOrder_SameOrderSentAgain_ReturnsSameAnswerAndStoresNothingNew()
    {
        // Arrange
        var first = await _service.NewOrderAsync(Order("retry-1", time: ClientTime)).DefaultTimeout();

        // Act
        var again = await _service.NewOrderAsync(Order("retry-1", time: ClientTime)).DefaultTimeout();

        // Assert
        again.Should().BeEquivalentTo(first);
        (await CountOrdersAsync()).Should().Be(1);
    }

    [Fact]
    public async Task NewOrder_SameOrderWithoutTimeSentAgainLater_ReturnsSameAnswerAndKeepsFirstTime()
    {
        // Arrange
        var first = await _service.NewOrderAsync(Order("retry-2")).DefaultTimeout();
        var firstTime = _store.Clock.Now.UtcDateTime;
        _store.Clock.Now = _store.Clock.Now.AddMinutes(5);

        // Act
        var again = await _service.NewOrderAsync(Order("retry-2")).DefaultTimeout();

        // Assert
        again.Should().BeEquivalentTo(first);
        (await CountOrdersAsync()).Should().Be(1);
        (await FindAsync("retry-2"))!.OrderTime.Should().Be(firstTime);
    }

    [Fact]
    public async Task NewOrder_RetryWithoutTimeAfterTimedOrder_ReturnsSameAnswer()
    {
        // Arrange
        var first = await _service.NewOrderAsync(Order("retry-3", time: ClientTime)).DefaultTimeout();

        // Act
        var again = await _service.NewOrderAsync(Order("retry-3", time: null)).DefaultTimeout();

        // Assert
        again.Should().BeEquivalentTo(first);
        (await CountOrdersAsync()).Should().Be(1);
        (await FindAsync("retry-3"))!.OrderTime.Should().Be(ClientTime);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("order_money")]
    [InlineData("order_time")]
    public async Task NewOrder_UsedOrderNoWithDifferentContents_ThrowsAlreadyExists(string changedField)
    {
        // Arrange
        var first = await _service.NewOrderAsync(Order("taken", userId: 7, money: 12.5f, time: ClientTime)).DefaultTimeout();
        var different = changedField switch
        {
            "user_id" => Order("taken", userId: 8, money: 12.5f, time: ClientTime),
            "order_money" => Order("taken", userId: 7, money: 12.51f, time: ClientTime),
            _ => Order("taken", userId: 7, money: 12.5f, time: ClientTime.AddSeconds(1)),
        };

        // Act
        var error = await RpcAssert.ThrowsAsync(StatusCode.AlreadyExists, () => _service.NewOrderAsync(different));

        // Assert
        error.Status.Detail.Should().Contain("taken").And.Contain(first.OrderId.ToString(CultureInfo.InvariantCulture));
        (await CountOrdersAsync()).Should().Be(1);
        (await FindAsync("taken"))!.Should().BeEquivalentTo(new StoredOrder(first.OrderId, "taken", 7, 12.5f, ClientTime, TimeFromClient: true, Lines: []));
    }

    [Fact]
    public async Task NewOrder_OrderNoOf64AllowedCharacters_IsStored()
    {
        // Arrange
        var orderNo = "Az09_-" + new string('k', 58);

        // Act
        var response = await _service.NewOrderAsync(Order(orderNo)).DefaultTimeout();

        // Assert
        response.Status.Should().Be("OK");
        (await FindAsync(orderNo))!.OrderId.Should().Be(response.OrderId);
    }

    [Fact]
    public async Task NewOrder_FiftyConcurrentCallsWithOneOrderNo_StoreOneRowAndAnswerOneOrderId()
    {
        // Arrange
        var calls = Enumerable.Range(0, 50)
            .Select(_ => Task.Run(async () => await _service.NewOrderAsync(Order("concurrent", time: ClientTime))));

        // Act
        var responses = await Task.WhenAll(calls).DefaultTimeout();

        // Assert
        responses.Should().HaveCount(50).And.OnlyContain(r => r.Status == "OK");
        responses.Select(r => r.OrderId).Distinct().Should().ContainSingle().Which.Should().BePositive();
        (await CountOrdersAsync()).Should().Be(1);
    }
}
