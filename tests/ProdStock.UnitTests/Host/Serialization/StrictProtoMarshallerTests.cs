using System.Buffers;
using CodeFirst.Validation;
using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Grpc;
using CodeFirst.AspNetCore.Grpc.Serialization;
using ProtoBuf.Grpc.Configuration;
using ProtoBuf.Meta;
using static ProdStock.UnitTests.Host.Serialization.ProtoTestSupport;

namespace ProdStock.UnitTests.Host.Serialization;

public sealed class StrictProtoMarshallerTests
{
    private readonly BinderConfiguration _binder = BinderConfiguration.Create(
        [new CodecMarshallerFactory(new MessageCodecFactory()), new StrictProtoMarshallerFactory(RuntimeTypeModel.Default)]);

    public static TheoryData<string> MalformedOrderRequests =>
    [
        "0A 05 08",
        "0A 02 08 80",
        "08 01",
        "0F",
        "00 01",
        "0A 06 18 80 80 80 80 10", // user_id (int32) of 2^32; order_id is int64 and takes it
        "0A 0B 08 FF FF FF FF FF FF FF FF FF 81 01",
        "0A 04 2A 02 08 80",
        "0A 02 2A 05",
        "1B 08 01",
        "0C",
        // 600 nested groups of an unknown field: protobuf-net gives up at its model depth.
        string.Concat(Enumerable.Repeat("2B", 600)),
    ];

    [Fact]
    public void Serialize_CoveredType_WritesProtobufNetBytes()
    {
        var response = new UserScoreResponse { Users = [new UserInfo { UserId = 1, UserScore = -10 }, new UserInfo { UserId = 2 }] };

        var context = Serialize(response);

        context.Written.Should().Equal(ProtobufNetBytes(response));
        context.PayloadLength.Should().Be(context.Written.Length);
        context.Completed.Should().BeTrue();
    }

    [Fact]
    public void Serialize_OrderRequestLeftToProtobufNet_WritesProtobufNetBytes()
    {
        var request = NewOrderRequest("A-1");

        var context = Serialize(request);

        context.Written.Should().Equal(ProtobufNetBytes(request));
        context.PayloadLength.Should().Be(context.Written.Length);
        context.Completed.Should().BeTrue();
    }

    [Fact]
    public void Serialize_DefaultMessage_WritesAnEmptyPayload()
    {
        var context = Serialize(new ProdRequest());

        context.Written.Should().BeEmpty();
        context.PayloadLength.Should().Be(0);
        context.Completed.Should().BeTrue();
    }

    [Fact]
    public void Serialize_TwoMessagesInARowOnOneThread_BothAreCorrect()
    {
        var large = new ProdResponseList { Productes = Enumerable.Range(1, 200).Select(i => new ProdResponse { ProdStock = -i, ProdId = i }).ToList() };
        var small = new ProdResponseList { Productes = [new ProdResponse { ProdStock = 1, ProdId = 2 }] };

        var first = Serialize(large);
        var second = Serialize(small);
        var third = Serialize(large);

        first.Written.Should().Equal(ProtobufNetBytes(large));
        second.Written.Should().Equal(ProtobufNetBytes(small));
        third.Written.Should().Equal(first.Written);
    }

    [Fact]
    public void Serialize_TwoOrderRequestsInARowOnOneThread_BothAreCorrect()
    {
        var large = NewOrderRequest(new string('L', 5000));
        var small = NewOrderRequest("S");

        var first = Serialize(large);
        var second = Serialize(small);

        first.Written.Should().Equal(ProtobufNetBytes(large));
        second.Written.Should().Equal(ProtobufNetBytes(small));
    }

    [Fact]
    public void Serialize_AfterAFailedSerialization_TheNextMessageIsCorrect()
    {
        var broken = new UserScoreRequest { Users = [new UserInfo { UserId = 1 }, null!] };
        var fine = new UserScoreRequest { Users = [new UserInfo { UserId = 3, UserScore = 4 }] };

        var fail = () => Serialize(broken);

        fail.Should().Throw<ProtoBuf.ProtoException>();
        Serialize(fine).Written.Should().Equal(ProtobufNetBytes(fine));
    }

    [Fact]
    public void Serialize_MessageLargerThanOneMebibyte_WritesProtobufNetBytesAndTheNextMessageToo()
    {
        var huge = new UserScoreRequest { Users = Enumerable.Range(1, 200_000).Select(i => new UserInfo { UserId = i, UserScore = i * 3 }).ToList() };
        var expected = ProtobufNetBytes(huge);
        var small = new UserScoreRequest { Users = [new UserInfo { UserId = 9 }] };

        var context = Serialize(huge);
        var next = Serialize(small);

        expected.Length.Should().BeGreaterThan(1024 * 1024);
        context.Written.Should().Equal(expected);
        context.PayloadLength.Should().Be(expected.Length);
        next.Written.Should().Equal(ProtobufNetBytes(small));
    }

    [Fact]
    public void Serialize_OrderRequestLargerThanOneMebibyte_WritesProtobufNetBytesAndTheNextMessageToo()
    {
        var huge = NewOrderRequest(new string('h', 1_200_000));
        var small = NewOrderRequest("s");

        var context = Serialize(huge);
        var next = Serialize(small);

        context.Written.Should().Equal(ProtobufNetBytes(huge));
        next.Written.Should().Equal(ProtobufNetBytes(small));
    }

    [Fact]
    public void Deserialize_CoveredType_ReadsWhatProtobufNetReads()
    {
        var request = new UserScoreRequest { Users = [new UserInfo { UserId = int.MinValue, UserScore = 5 }, new UserInfo { UserId = 300 }] };
        var bytes = ProtobufNetBytes(request);

        var single = Deserialize<UserScoreRequest>(new ReadOnlySequence<byte>(bytes));
        var split = Deserialize<UserScoreRequest>(Split(bytes, 1, 4, 15));

        single.Should().BeEquivalentTo(request, o => o.WithStrictOrdering());
        split.Should().BeEquivalentTo(request, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Deserialize_OrderRequestLeftToProtobufNet_ReadsWhatProtobufNetReads()
    {
        var request = NewOrderRequest("order-7");
        var bytes = ProtobufNetBytes(request);

        var single = Deserialize<OrderRequest>(new ReadOnlySequence<byte>(bytes));
        var split = Deserialize<OrderRequest>(Split(bytes, 2, 5, bytes.Length - 3));

        single.Should().BeEquivalentTo(request);
        split.Should().BeEquivalentTo(request);
    }

    [Fact]
    public void Deserialize_HugeCoveredMessageInManySegments_ReadsWhatProtobufNetReads()
    {
        var request = new UserScoreRequest { Users = Enumerable.Range(1, 200_000).Select(i => new UserInfo { UserId = i, UserScore = -i }).ToList() };
        var bytes = ProtobufNetBytes(request);

        var read = Deserialize<UserScoreRequest>(Split(bytes, Enumerable.Range(1, 99).Select(i => i * 20_011).ToArray()));

        ProtobufNetBytes(read).Should().Equal(bytes);
    }

    [Theory]
    [InlineData("08 80")]
    [InlineData("0A 01 00")]
    [InlineData("0F 01")]
    [InlineData("00 01")]
    [InlineData("1B 08 01")]
    [InlineData("3A 05 61")]
    public void Deserialize_MalformedCoveredMessage_ThrowsInvalidArgumentNamingTheMessage(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        var read = () => Deserialize<ProdRequest>(new ReadOnlySequence<byte>(bytes));

        read.Should().Throw<RpcException>()
            .Which.Should().Match<RpcException>(e => e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("invalid ProdRequest"));
    }

    [Fact]
    public void Deserialize_CoveredTypeWithInputOnlyProtobufNetAccepts_IsReadByTheCodec()
    {
        // protobuf-net reads prod_id sent as fixed32; the codec rejects it, so the error shows which one read it.
        var bytes = Convert.FromHexString("0D01000000");

        var read = () => Deserialize<ProdRequest>(new ReadOnlySequence<byte>(bytes));

        read.Should().Throw<RpcException>()
            .Which.Should().Match<RpcException>(e => e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("ProdRequest field 1"));
    }

    [Fact]
    public void Deserialize_MalformedCoveredMessageInSegments_ThrowsInvalidArgumentNamingTheMessage()
    {
        var bytes = Convert.FromHexString("0A0408011080");

        var read = () => Deserialize<UserScoreRequest>(Split(bytes, 3));

        read.Should().Throw<RpcException>()
            .Which.Should().Match<RpcException>(e => e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("invalid UserScoreRequest"));
    }

    [Theory]
    [MemberData(nameof(MalformedOrderRequests))]
    public void Deserialize_MalformedOrderRequest_ThrowsInvalidArgumentNamingTheMessage(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        var read = () => Deserialize<OrderRequest>(new ReadOnlySequence<byte>(bytes));

        read.Should().Throw<RpcException>()
            .Which.Should().Match<RpcException>(e => e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("invalid OrderRequest"));
    }

    [Theory]
    [MemberData(nameof(MalformedOrderRequests))]
    public void Deserialize_MalformedOrderRequest_DescribesTheBytesNotTheLibrary(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        var read = () => Deserialize<OrderRequest>(new ReadOnlySequence<byte>(bytes));

        var error = read.Should().Throw<RpcException>().Which;
        error.Status.Detail.Should().NotContainAny("http", "TypeModel", "Arithmetic operation", "wire-type", "Sub-message")
            .And.MatchRegex(@"^invalid OrderRequest: the request is not a valid protobuf OrderRequest message \(.+\)$");
        error.Status.DebugException.Should().NotBeNull("the decoder's own exception stays for the server's log");
    }

    [Theory]
    [MemberData(nameof(MalformedOrderRequests))]
    public void Describe_ProtobufNetFailure_UsesOurWordsNotTheLibrarys(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var failure = Record.Exception(() => RuntimeTypeModel.Default.Deserialize<OrderRequest>(new ReadOnlySequence<byte>(bytes)));

        var description = MalformedMessage.Describe(failure!);

        failure.Should().NotBeNull().And.Match<Exception>(ex => MalformedMessage.IsMalformedInput(ex));
        description.Should().BeOneOf(
            "it ends inside a field", "a length or number in it is out of range", "its messages nest too deeply",
            "a field has a wire type its declaration does not allow", "a nested message's length does not match its content",
            "its bytes do not decode as that message");
    }

    public static TheoryData<long, long, string> TimestampsOutOfRange => new()
    {
        { 1_764_000_000, 1_000_000_000, "nanos 1000000000 is outside 0 to 999,999,999" },
        { 1_764_000_000, -1, "nanos -1 is outside 0 to 999,999,999" },
        { 1_764_000_000, int.MaxValue, "nanos 2147483647 is outside 0 to 999,999,999" },
        { 253_402_300_800, 0, "seconds 253402300800 is outside the Timestamp range" },
        { -62_135_596_801, 0, "seconds -62135596801 is outside the Timestamp range" },
        { long.MinValue, 0, "seconds -9223372036854775808 is outside the Timestamp range" },
    };

    [Theory]
    [MemberData(nameof(TimestampsOutOfRange))]
    public void Deserialize_OrderTimeOutOfRange_ThrowsInvalidArgumentNamingTheField(long seconds, long nanos, string problem)
    {
        var bytes = ProdStock.Testing.RawOrderRequests.WithOrderTime("t-1", seconds, nanos);

        var read = () => Deserialize<OrderRequest>(new ReadOnlySequence<byte>(bytes));

        var error = read.Should().Throw<RpcException>().Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().StartWith("invalid OrderMain.order_time: " + problem);
        error.GetFieldViolations().Should().ContainSingle().Which.Field.Should().Be("order_main.order_time");
    }

    [Theory]
    [InlineData(-62_135_596_800, 0, "0001-01-01T00:00:00.0000000Z")]
    [InlineData(253_402_300_799, 999_999_999, "9999-12-31T23:59:59.9999999Z")]
    [InlineData(1_764_000_000, 999_999_999, "2025-11-24T16:00:00.9999999Z")]
    public void Deserialize_OrderTimeAtTheRangeEdges_IsRead(long seconds, long nanos, string expected)
    {
        var bytes = ProdStock.Testing.RawOrderRequests.WithOrderTime("t-1", seconds, nanos);

        var request = Deserialize<OrderRequest>(Split(bytes, 7));

        request.OrderMain!.OrderTime!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected);
    }

    private static OrderRequest NewOrderRequest(string orderNo) => new()
    {
        OrderMain = new OrderMain
        {
            OrderId = 12,
            OrderNo = orderNo,
            UserId = 5,
            OrderMoney = 19.5f,
            OrderTime = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc),
        },
    };

    private FakeSerializationContext Serialize<T>(T value)
    {
        var context = new FakeSerializationContext();
        _binder.GetMarshaller<T>().ContextualSerializer(value, context);
        return context;
    }

    private T Deserialize<T>(ReadOnlySequence<byte> payload) =>
        _binder.GetMarshaller<T>().ContextualDeserializer(new FakeDeserializationContext(payload));

    private sealed class FakeSerializationContext : SerializationContext
    {
        private readonly ArrayBufferWriter<byte> _writer = new(1);

        public int? PayloadLength { get; private set; }

        public bool Completed { get; private set; }

        public byte[] Written => _writer.WrittenSpan.ToArray();

        public override void SetPayloadLength(int payloadLength) => PayloadLength = payloadLength;

        public override IBufferWriter<byte> GetBufferWriter() => _writer;

        public override void Complete() => Completed = true;

        public override void Complete(byte[] payload) => throw new InvalidOperationException("the buffer writer is expected");
    }

    private sealed class FakeDeserializationContext(ReadOnlySequence<byte> payload) : DeserializationContext
    {
        public override int PayloadLength => checked((int)payload.Length);

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => payload;

        public override byte[] PayloadAsNewBuffer() => payload.ToArray();
    }
}
