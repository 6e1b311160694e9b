using Google.Protobuf.WellKnownTypes;
using ProdStock.Testing;
using Seed = global::Services;

namespace ProdStock.InteropTests;

/// <summary><c>services.OrderService</c> called through the stubs generated from the tutorial's <c>Order.proto</c>.</summary>
[Collection(InteropCollection.Name)]
public sealed class SeedOrderServiceTests(HostFixture fixture)
{
    [Fact]
    public async Task NewOrder_OrderWithTimestamp_ReturnsOk()
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.OrderService.OrderServiceClient(channel);

        var response = await client.NewOrderAsync(NewRequest()).ResponseAsync.DefaultTimeout();

        response.Status.Should().Be("OK");
        response.Message.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task NewOrder_SameRequestSentTwice_ReturnsIdenticalResponse()
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.OrderService.OrderServiceClient(channel);
        var request = NewRequest();

        var first = await client.NewOrderAsync(request).ResponseAsync.DefaultTimeout();
        var second = await client.NewOrderAsync(request).ResponseAsync.DefaultTimeout();

        first.Status.Should().Be("OK");
        second.Should().Be(first);
    }

    private static Seed.OrderRequest NewRequest() => new()
    {
        OrderMain = new Seed.OrderMain
        {
            // Only [A-Za-z0-9_-], at most 64 characters.
            OrderNo = $"interop-{Guid.NewGuid():N}",
            UserId = 7,
            OrderMoney = 123.45f,
            OrderTime = Timestamp.FromDateTime(DateTime.UtcNow),
        },
    };
}
