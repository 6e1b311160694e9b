using System.Net;
using CodeFirst.Validation;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Services.Storage.Sqlite;
using ProdStock.Testing;
using static ProdStock.IntegrationTests.Gateway.GatewayJson;

namespace ProdStock.IntegrationTests.Hardening;

/// <summary>
/// An <c>order_time</c> outside <c>google.protobuf.Timestamp</c>'s range (0001-01-01T00:00:00Z to
/// 9999-12-31T23:59:59.999999999Z, nanos 0 to 999,999,999) is <c>INVALID_ARGUMENT</c> naming the field, on gRPC and on
/// REST, and nothing is stored; it is never shifted into range.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TimestampRangeTests(HostFixture fixture)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static b => b, static b => b);

    public static TheoryData<long, long> GrpcOutOfRange => new()
    {
        { 1_764_000_000, 1_000_000_000 },
        { 1_764_000_000, 1_500_000_000 },
        { 1_764_000_000, -1 },
        { 253_402_300_800, 0 },
        { -62_135_596_801, 0 },
    };

    public static TheoryData<string> RestOutOfRange => new()
    {
        "0000-12-31T23:59:59Z",
        "10000-01-01T00:00:00Z",
        "9999-12-31T23:59:59-01:00",
        "0001-01-01T00:00:00+01:00",
        "2026-12-06T10:00:60Z",
        "2026-02-30T00:00:00Z",
    };

    [Theory]
    [MemberData(nameof(GrpcOutOfRange))]
    public async Task NewOrder_GrpcOrderTimeOutOfRange_ReturnsInvalidArgumentNamingTheField(long seconds, long nanos)
    {
        var orderNo = "ts-" + Guid.NewGuid().ToString("N");
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "services.OrderService", "NewOrder", Bytes, Bytes);

        var act = () => channel.CreateCallInvoker().AsyncUnaryCall(
            method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)), RawOrderRequests.WithOrderTime(orderNo, seconds, nanos)).ResponseAsync.DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().StartWith("invalid OrderMain.order_time: ");
        error.GetFieldViolations().Should().ContainSingle().Which.Field.Should().Be("order_main.order_time");
        (await FindAsync(orderNo)).Should().BeNull("nothing is stored");
    }

    [Fact]
    public async Task NewOrder_GrpcOrderTimeAtTheLastNanosecond_IsStored()
    {
        var orderNo = "ts-" + Guid.NewGuid().ToString("N");
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "services.OrderService", "NewOrder", Bytes, Bytes);

        await channel.CreateCallInvoker().AsyncUnaryCall(
            method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)), RawOrderRequests.WithOrderTime(orderNo, 253_402_300_799, 999_999_999)).ResponseAsync.DefaultTimeout();

        (await FindAsync(orderNo))!.OrderTime.Should().Be(DateTime.MaxValue, "the last representable tick of 9999-12-31");
    }

    [Theory]
    [MemberData(nameof(RestOutOfRange))]
    public async Task PostOrders_OrderTimeOutOfRange_ReturnsBadRequestNamingTheField(string orderTime)
    {
        var orderNo = "ts-" + Guid.NewGuid().ToString("N");
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/orders", Json($$"""{"order_no":"{{orderNo}}","user_id":7,"order_money":1,"order_time":"{{orderTime}}"}""")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var json = await response.ReadJsonAsync();
        json.GetProperty("code").GetInt32().Should().Be(3);
        json.GetProperty("message").GetString().Should().StartWith("invalid OrderRequest.order_main.order_time: ");
        (await FindAsync(orderNo)).Should().BeNull("nothing is stored");
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999999Z")]
    public async Task PostOrders_OrderTimeAtTheRangeEdges_IsStored(string orderTime)
    {
        var orderNo = "ts-" + Guid.NewGuid().ToString("N");
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/orders", Json($$"""{"order_no":"{{orderNo}}","user_id":7,"order_money":1,"order_time":"{{orderTime}}"}""")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await FindAsync(orderNo)).Should().NotBeNull();
    }

    private async Task<Services.Storage.StoredOrder?> FindAsync(string orderNo) =>
        await fixture.Host.Services.GetRequiredService<SqliteOrderStore>().FindByOrderNoAsync(orderNo, CancellationToken.None).DefaultTimeout();
}
