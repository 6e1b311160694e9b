using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>Requests whose bytes are not a valid message of the method's type, sent below the typed clients.</summary>
[Collection(HostCollection.Name)]
public sealed class MalformedRequestTests(HostFixture fixture)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static b => b, static b => b);

    public static TheoryData<string, string, byte[]> MalformedRequests => new()
    {
        // prod_id (field 1, varint) cut off after a continuation byte.
        { "truncated varint", "services.ProdService/GetProdStock", [0x08, 0xFF] },
        // A length-delimited field claiming more bytes than there are.
        { "length past the end", "services.ProdService/GetProdStock", [0x0A, 0x7F, 0x01] },
        // Wire type 7 does not exist.
        { "invalid wire type", "services.ProdService/GetProdInfo", [0x0F] },
        // OrderRequest{order_main{order_no "a", user_id 1, order_money 1, order_time{seconds 253402300800 = year 10000}}}
        {
            "timestamp after year 9999", "services.OrderService/NewOrder",
            [0x0A, 0x14, 0x12, 0x01, 0x61, 0x18, 0x01, 0x25, 0x00, 0x00, 0x80, 0x3F, 0x2A, 0x07, 0x08, 0x80, 0xE8, 0xE1, 0xC3, 0xAF, 0x07]
        },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task UnaryCall_MalformedProtobuf_ReturnsInvalidArgumentAndHostKeepsServing(string why, string path, byte[] payload)
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        var parts = path.Split('/');
        var method = new Method<byte[], byte[]>(MethodType.Unary, parts[0], parts[1], Bytes, Bytes);

        var act = () => channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)), payload).ResponseAsync.DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>(why)).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().StartWith("invalid ").And.Contain("not a valid protobuf");
        using var client = fixture.CreateClient();
        (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout()).ProdId.Should().Be(1);
    }

    [Fact]
    public async Task DuplexCall_MalformedMessageAfterValidOne_AnswersValidOneThenInvalidArgument()
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, ProtoNames.UserService, "GetUserScoreByDoubleEndStream", Bytes, Bytes);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)));

        // UserScoreRequest{users{user_id 1}}, then bytes that end inside a field.
        await call.RequestStream.WriteAsync([0x0A, 0x02, 0x08, 0x01]).DefaultTimeout();
        (await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout()).Should().BeTrue();
        await call.RequestStream.WriteAsync([0x0A, 0x05, 0x08]).DefaultTimeout();
        var act = async () => await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }
}
