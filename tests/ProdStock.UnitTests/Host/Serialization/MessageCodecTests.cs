using ProdStock.Contracts;
using CodeFirst.AspNetCore.Grpc.Serialization;
using ProtoBuf;
using static ProdStock.UnitTests.Host.Serialization.ProtoTestSupport;

namespace ProdStock.UnitTests.Host.Serialization;

public sealed class MessageCodecTests
{
    private const string NonAscii = "żółć ✓ 😀";
    private static readonly string Long300 = new('x', 300);

    public static TheoryData<int, string?, float> ProdModelValues => new()
    {
        { 7, "Widget", 9.99f },
        { int.MinValue, "", -0.0f },
        { -1, NonAscii, float.NaN },
        { int.MaxValue, Long300, float.PositiveInfinity },
        { 1, "a", float.NegativeInfinity },
        { 1, NonAscii + Long300, float.Epsilon },
        { 0, "b", float.MaxValue },
        { 0, "c", -float.Epsilon },
    };

    public static TheoryData<string?, string?, int> OrderResponseValues => new()
    {
        { "OK", "order 12 stored", 12 },
        { "", "", 0 },
        { NonAscii, Long300, int.MinValue },
        { Long300, NonAscii, -1 },
        { new string('é', 10_000), "m", int.MaxValue },
    };

    public static TheoryData<object, string> DefaultValues => new()
    {
        { new ProdRequest(), "" },
        { new ProdResponse(), "" },
        { new QuerySize(), "" },
        { new UserInfo(), "" },
        { new ProdResponseList(), "" },
        { new UserScoreRequest(), "" },
        { new UserScoreResponse(), "" },
        { new ProdModel(), "1200" },
        { new OrderResponse(), "0A001200" },
        { new ProdModel { ProdName = null!, ProdPrice = -0.0f }, "" },
        { new OrderResponse { Status = null!, Message = null! }, "" },
        { new ProdResponseList { Productes = null! }, "" },
        { new UserScoreRequest { Users = null! }, "" },
        { new AllScalars { Double = -0.0 }, "" },
        { new ProdResponseList { Productes = [new ProdResponse()] }, "0A00" },
        { new UserScoreRequest { Users = [new UserInfo(), new UserInfo()] }, "0A000A00" },
    };

    [Theory]
    [InlineData(42, ProdAreas.B)]
    [InlineData(0, ProdAreas.A)]
    [InlineData(int.MinValue, ProdAreas.C)]
    [InlineData(-1, ProdAreas.A)]
    [InlineData(int.MaxValue, ProdAreas.B)]
    [InlineData(127, (ProdAreas)77)]
    [InlineData(128, (ProdAreas)(-3))]
    [InlineData(0, (ProdAreas)int.MinValue)]
    public void Write_ProdRequest_WritesProtobufNetBytesAndReadsThemBack(int prodId, ProdAreas area)
    {
        AssertSameAsProtobufNet(new ProdRequest { ProdId = prodId, ProdArea = area });
    }

    [Theory]
    [InlineData(1000, ProdAreas.C)]
    [InlineData(int.MinValue, (ProdAreas)77)]
    [InlineData(-1, (ProdAreas)(-3))]
    [InlineData(int.MaxValue, ProdAreas.A)]
    public void Write_QuerySize_WritesProtobufNetBytesAndReadsThemBack(int size, ProdAreas area)
    {
        AssertSameAsProtobufNet(new QuerySize { Size = size, ProdArea = area });
    }

    [Theory]
    [InlineData(5, 17)]
    [InlineData(int.MinValue, int.MaxValue)]
    [InlineData(-1, 0)]
    [InlineData(0, -1)]
    public void Write_ProdResponse_WritesProtobufNetBytesAndReadsThemBack(int stock, int prodId)
    {
        AssertSameAsProtobufNet(new ProdResponse { ProdStock = stock, ProdId = prodId });
    }

    [Theory]
    [InlineData(3, 99)]
    [InlineData(int.MaxValue, int.MinValue)]
    [InlineData(-1, -1)]
    public void Write_UserInfo_WritesProtobufNetBytesAndReadsThemBack(int userId, int score)
    {
        AssertSameAsProtobufNet(new UserInfo { UserId = userId, UserScore = score });
    }

    [Theory]
    [MemberData(nameof(ProdModelValues))]
    public void Write_ProdModel_WritesProtobufNetBytesAndReadsThemBack(int prodId, string? name, float price)
    {
        AssertSameAsProtobufNet(new ProdModel { ProdId = prodId, ProdName = name!, ProdPrice = price });
    }

    [Fact]
    public void Write_ProdModelWithNullName_LeavesTheFieldOutLikeProtobufNet()
    {
        var bytes = AssertSameAsProtobufNet(new ProdModel { ProdId = 1, ProdName = null! }, roundTrips: false);

        bytes.Should().Equal(0x08, 0x01);
    }

    [Fact]
    public void Write_StringOf300Characters_HasATwoByteLengthPrefix()
    {
        var bytes = AssertSameAsProtobufNet(new OrderResponse { Status = Long300, Message = null! }, roundTrips: false);

        bytes[..3].Should().Equal(0x0A, 0xAC, 0x02);
        bytes.Should().HaveCount(303);
    }

    [Theory]
    [MemberData(nameof(OrderResponseValues))]
    public void Write_OrderResponse_WritesProtobufNetBytesAndReadsThemBack(string? status, string? message, int orderId)
    {
        AssertSameAsProtobufNet(new OrderResponse { Status = status!, Message = message!, OrderId = orderId });
    }

    [Theory]
    [MemberData(nameof(DefaultValues))]
    public void Write_DefaultOrNullValues_WritesWhatProtobufNetWrites(object value, string expectedHex)
    {
        var bytes = value switch
        {
            ProdRequest v => AssertSameAsProtobufNet(v),
            ProdResponse v => AssertSameAsProtobufNet(v),
            QuerySize v => AssertSameAsProtobufNet(v),
            UserInfo v => AssertSameAsProtobufNet(v),
            ProdModel v => AssertSameAsProtobufNet(v, roundTrips: v.ProdName is not null),
            OrderResponse v => AssertSameAsProtobufNet(v, roundTrips: v.Status is not null),
            ProdResponseList v => AssertSameAsProtobufNet(v, roundTrips: v.Productes is not null),
            UserScoreRequest v => AssertSameAsProtobufNet(v, roundTrips: v.Users is not null),
            UserScoreResponse v => AssertSameAsProtobufNet(v),
            AllScalars v => AssertSameAsProtobufNet(v),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };

        Convert.ToHexString(bytes).Should().Be(expectedHex);
    }

    [Fact]
    public void Write_ProdResponseListWithFiftyItems_WritesProtobufNetBytesAndReadsThemBack()
    {
        var list = new ProdResponseList
        {
            Productes = Enumerable.Range(0, 50).Select(i => new ProdResponse { ProdStock = i % 3 == 0 ? int.MinValue + i : i * 1000, ProdId = -i }).ToList(),
        };

        AssertSameAsProtobufNet(list);
    }

    [Fact]
    public void Write_FiftyNestedMessagesOf128BytesOrMore_WritesProtobufNetBytesAndReadsThemBack()
    {
        var catalog = new Catalog
        {
            Models = Enumerable.Range(0, 50)
                .Select(i => new ProdModel { ProdId = i - 25, ProdName = $"{i}:" + new string((char)('a' + (i % 26)), 120 + (i * 7)), ProdPrice = i / 3f })
                .ToList(),
        };

        AssertSameAsProtobufNet(catalog);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public void Write_UserScoreRequest_WritesProtobufNetBytesAndReadsThemBack(int users)
    {
        var request = new UserScoreRequest
        {
            Users = Enumerable.Range(1, users).Select(i => new UserInfo { UserId = i * 7919, UserScore = i % 2 == 0 ? -i : 0 }).ToList(),
        };

        AssertSameAsProtobufNet(request);
    }

    [Fact]
    public void Write_UserScoreResponse_WritesProtobufNetBytesAndReadsThemBack()
    {
        AssertSameAsProtobufNet(new UserScoreResponse { Users = [new UserInfo { UserId = 1, UserScore = 10 }, new UserInfo(), new UserInfo { UserId = -5 }] });
    }

    [Theory]
    [InlineData(1L, 1u, 1ul, true, 1.5)]
    [InlineData(long.MinValue, uint.MaxValue, ulong.MaxValue, false, double.NaN)]
    [InlineData(long.MaxValue, 128u, 1ul << 63, true, double.NegativeInfinity)]
    [InlineData(-1L, 0u, 0ul, false, double.Epsilon)]
    public void Write_OtherScalarTypes_WritesProtobufNetBytesAndReadsThemBack(long int64, uint uint32, ulong uint64, bool flag, double number)
    {
        AssertSameAsProtobufNet(new AllScalars
        {
            Int64 = int64,
            UInt32 = uint32,
            UInt64 = uint64,
            Flag = flag,
            Double = number,
            TwosComplement32 = (int)int64,
            TwosComplement64 = -int64,
        });
    }

    [Fact]
    public void Write_RequiredMembersAtZero_WritesThemLikeProtobufNet()
    {
        var bytes = AssertSameAsProtobufNet(new WithRequired());

        bytes.Should().NotBeEmpty();
    }

    [Fact]
    public void Write_UsersListHoldingNull_ThrowsProtoException()
    {
        // protobuf-net throws NullReferenceException ("An element of type ProdStock.Contracts.UserInfo was null").
        var codec = Codec<UserScoreRequest>();
        var request = new UserScoreRequest { Users = [new UserInfo { UserId = 1 }, null!] };

        var write = () => CodecBytes(codec, request);

        write.Should().Throw<ProtoException>().WithMessage("*Users[1]*null*");
    }

    [Theory]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(2_097_151)]
    [InlineData(2_097_152)]
    public void Write_NestedBodyAtAVarintLengthBoundary_BackPatchesTheLengthLikeProtobufNet(int bodyLength)
    {
        var status = new string('s', StringLengthForBody(bodyLength));
        var envelope = new Envelope { Response = new OrderResponse { Status = status, Message = null! }, After = 300 };

        var bytes = AssertSameAsProtobufNet(envelope, roundTrips: false);

        bytes[0].Should().Be(0x0A);
        var prefix = Varint((ulong)bodyLength);
        bytes.AsSpan(1, prefix.Length).ToArray().Should().Equal(prefix);
        Codec<Envelope>().Read(bytes).Response!.Status.Should().Be(status);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(16_370)]
    public void Write_NestedMessagesBothNeedingWiderLengths_MatchesProtobufNet(int stringLength)
    {
        var outer = new Outer
        {
            Inner = new Envelope { Response = new OrderResponse { Status = new string('a', stringLength), Message = "m" }, After = -1 },
            Tail = "end",
        };

        AssertSameAsProtobufNet(outer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Write_TinyInitialBuffer_GrowsAndWritesProtobufNetBytes(int initialBuffer)
    {
        var catalog = new Catalog
        {
            Models = Enumerable.Range(0, 5).Select(i => new ProdModel { ProdId = -i, ProdName = new string('n', 100 + (i * 20)), ProdPrice = -i }).ToList(),
        };

        AssertSameAsProtobufNet(catalog, initialBuffer);
        AssertSameAsProtobufNet(new ProdRequest { ProdId = int.MinValue, ProdArea = ProdAreas.C }, initialBuffer);
    }

    [Fact]
    public void Read_UnknownFieldsOfEveryWireTypeAroundKnownOnes_SkipsThemLikeProtobufNet()
    {
        var bytes = Hex(
            "28 96 01",                          // field 5 varint
            "08 2A",                             // prod_id = 42
            "31 01 02 03 04 05 06 07 08",        // field 6 fixed64
            "3A 03 61 62 63",                    // field 7 length-delimited
            "43 48 05 4B 51 0102030405060708 4C 55 01020304 44", // field 8 group holding a varint, a nested group (9) and a fixed32
            "10 02",                             // prod_area = C
            "55 FF FF FF FF",                    // field 10 fixed32
            "F8 FF FF FF 0F 01",                 // field 536870911 varint
            "C2 3E 00",                          // field 1000 empty length-delimited
            "5B 5C");                            // field 11 empty group

        var read = AssertReadsLikeProtobufNet<ProdRequest>(bytes);

        read.Should().BeEquivalentTo(new ProdRequest { ProdId = 42, ProdArea = ProdAreas.C });
    }

    [Fact]
    public void Read_UnknownFieldsInsideNestedMessages_SkipsThemLikeProtobufNet()
    {
        var user = Hex("18 05 08 07 21 0000000000000000 2B 08 01 2C 10 09 35 00000000");
        var bytes = Concat(LengthDelimited(1, user), Hex("10 01"), LengthDelimited(1, Hex("08 08")));

        var read = AssertReadsLikeProtobufNet<UserScoreRequest>(bytes);

        read.Users.Select(u => (u.UserId, u.UserScore)).Should().Equal((7, 9), (8, 0));
    }

    [Fact]
    public void Read_RepeatedFieldInTwoSeparateRuns_AppendsLikeProtobufNet()
    {
        var bytes = Concat(
            LengthDelimited(1, Hex("08 01")),
            LengthDelimited(1, Hex("08 02 10 14")),
            Hex("18 63"),
            LengthDelimited(1, Hex("08 03")));

        var read = AssertReadsLikeProtobufNet<UserScoreRequest>(bytes);

        read.Users.Select(u => (u.UserId, u.UserScore)).Should().Equal((1, 0), (2, 20), (3, 0));
    }

    [Fact]
    public void Read_NestedMessageFieldTwice_MergesLikeProtobufNet()
    {
        var bytes = Concat(
            Hex("08 01"),
            LengthDelimited(2, Concat(Hex("08 05"), LengthDelimited(2, Hex("08 07")))),
            Hex("08 02"),
            LengthDelimited(2, Hex("08 06")));

        var read = AssertReadsLikeProtobufNet<Node>(bytes);

        read.Value.Should().Be(2);
        read.Child!.Value.Should().Be(6);
        read.Child.Child!.Value.Should().Be(7);
    }

    [Fact]
    public void Read_ScalarFieldTwice_LastOccurrenceWinsLikeProtobufNet()
    {
        var read = AssertReadsLikeProtobufNet<ProdRequest>(Hex("08 01 10 01 08 02 10 02 08 03"));

        read.ProdId.Should().Be(3);
        read.ProdArea.Should().Be(ProdAreas.C);
    }

    [Fact]
    public void Read_StringFieldTwice_LastOccurrenceWinsLikeProtobufNet()
    {
        var read = AssertReadsLikeProtobufNet<OrderResponse>(Hex("0A 01 61 12 01 62 0A 02 63 64 0A 00"));

        read.Status.Should().BeEmpty();
        read.Message.Should().Be("b");
    }

    [Theory]
    [InlineData("08 FF FF FF FF FF FF FF FF FF 01", -1)]
    [InlineData("08 80 80 80 80 F8 FF FF FF FF 01", int.MinValue)]
    [InlineData("08 FE FF FF FF FF FF FF FF FF 01", -2)]
    [InlineData("08 FF FF FF FF 0F", -1)]
    [InlineData("08 FF FF FF FF 07", int.MaxValue)]
    [InlineData("08 80 00", 0)]
    public void Read_Int32Varint_ReadsTheValueLikeProtobufNet(string hex, int expected)
    {
        AssertReadsLikeProtobufNet<ProdRequest>(Hex(hex)).ProdId.Should().Be(expected);
    }

    [Theory]
    [InlineData("10 FF FF FF FF FF FF FF FF FF 01", -1)]
    [InlineData("10 FD FF FF FF 0F", -3)]
    [InlineData("10 4D", 77)]
    public void Read_EnumVarint_ReadsTheValueLikeProtobufNet(string hex, int expected)
    {
        AssertReadsLikeProtobufNet<ProdRequest>(Hex(hex)).ProdArea.Should().Be((ProdAreas)expected);
    }

    [Theory]
    [InlineData("08 80 80 80 80 10", 0)]
    [InlineData("08 FF FF FF FF 1F", -1)]
    [InlineData("08 85 80 80 80 F0 FF FF FF 7F", 5)]
    public void Read_Int32VarintWiderThan32Bits_KeepsTheLow32Bits(string hex, int expected)
    {
        // protobuf-net 3.4 throws OverflowException for these; the codec truncates, as Google.Protobuf does.
        Codec<ProdRequest>().Read(Hex(hex)).ProdId.Should().Be(expected);
    }

    [Theory]
    [InlineData("20 02", true)]
    [InlineData("20 80 01", true)]
    [InlineData("20 01 20 00", false)]
    public void Read_BoolVarint_ReadsNonZeroAsTrueLikeProtobufNet(string hex, bool expected)
    {
        AssertReadsLikeProtobufNet<AllScalars>(Hex(hex)).Flag.Should().Be(expected);
    }

    [Fact]
    public void Read_BoolVarintWiderThan32Bits_ReadsTrue()
    {
        // protobuf-net 3.4 throws OverflowException for a bool varint of 2^32; the codec reads any non-zero varint as true.
        Codec<AllScalars>().Read(Hex("20 80 80 80 80 10")).Flag.Should().BeTrue();
    }

    [Fact]
    public void Read_InvalidUtf8_ReplacesItLikeProtobufNet()
    {
        AssertReadsLikeProtobufNet<OrderResponse>(Hex("0A 02 C3 28")).Status.Should().Be("\uFFFD(");
    }

    [Theory]
    [InlineData("80", "truncated key")]
    [InlineData("08", "key without value")]
    [InlineData("08 80", "truncated varint")]
    [InlineData("08 FF FF FF FF FF FF FF FF FF", "varint cut at ten bytes")]
    [InlineData("08 FF FF FF FF FF FF FF FF FF 81 01", "eleven-byte varint")]
    [InlineData("28 80 80", "truncated unknown varint")]
    [InlineData("3A 05 61 62", "length prefix past the end")]
    [InlineData("3A FF FF FF FF 0F", "length prefix of 4 GiB")]
    [InlineData("3A FF FF FF FF FF FF FF FF 7F", "length prefix of 2^63")]
    [InlineData("3A 80", "truncated length prefix")]
    [InlineData("1D 01 02 03", "truncated fixed32")]
    [InlineData("19 01 02 03 04 05 06 07", "truncated fixed64")]
    [InlineData("0E 01", "wire type 6 on a known field")]
    [InlineData("1E 01", "wire type 6 on an unknown field")]
    [InlineData("0F 01", "wire type 7 on a known field")]
    [InlineData("1F 01", "wire type 7 on an unknown field")]
    [InlineData("00 01", "field 0 varint")]
    [InlineData("02 00", "field 0 length-delimited")]
    [InlineData("08 01 80 80 80 80 10 01", "field number 2^29")]
    [InlineData("0A 01 00", "prod_id as length-delimited")]
    [InlineData("0B 0C", "prod_id as a group")]
    [InlineData("1B 08 01", "unterminated group")]
    [InlineData("1B", "unterminated empty group")]
    [InlineData("1B 23 24", "unterminated outer group")]
    [InlineData("1B 08 01 24", "group ended by another field's end")]
    [InlineData("1C", "end-group without start")]
    [InlineData("0C", "end-group on a known field")]
    [InlineData("1B 3A 05 00 1C", "length past the end inside a group")]
    public void Read_MalformedProdRequest_ThrowsProtoException(string hex, string because)
    {
        var bytes = Hex(hex);
        FluentActions.Invoking(() => ProtobufNetRead<ProdRequest>(bytes)).Should().Throw<Exception>("protobuf-net rejects {0} too", because);

        var read = () => Codec<ProdRequest>().Read(bytes);

        read.Should().Throw<ProtoException>(because);
    }

    [Theory]
    [InlineData("0D 01 00 00 00")]
    [InlineData("09 01 00 00 00 00 00 00 00")]
    public void Read_Int32FieldAsFixedSize_ThrowsProtoException(string hex)
    {
        // protobuf-net 3.4 is lenient here and reads prod_id = 1; the codec holds fields to the wire type they are written with.
        var read = () => Codec<ProdRequest>().Read(Hex(hex));

        read.Should().Throw<ProtoException>().WithMessage("*ProdRequest field 1*");
    }

    [Fact]
    public void Read_MessageFieldAsGroup_ThrowsProtoException()
    {
        // protobuf-net 3.4 also reads a sub-message sent as a group (here: one user with user_id 7); the codec does not.
        var read = () => Codec<UserScoreRequest>().Read(Hex("0B 08 07 0C"));

        read.Should().Throw<ProtoException>().WithMessage("*UserScoreRequest field 1*");
    }

    [Fact]
    public void Read_NestedGroupClosedByTheWrongEndGroup_ThrowsProtoException()
    {
        // Field 3 group { field 4 group { } closed by end of field 5 } closed by end of field 3: protobuf-net rejects it.
        var bytes = Hex("1B 23 2C 1C 08 07");
        FluentActions.Invoking(() => ProtobufNetRead<ProdRequest>(bytes)).Should().Throw<ProtoException>();

        var read = () => Codec<ProdRequest>().Read(bytes);

        read.Should().Throw<ProtoException>();
    }

    [Theory]
    [InlineData("08 01", "users as varint")]
    [InlineData("0D 01 00 00 00", "users as fixed32")]
    [InlineData("0A 02 08", "nested message past the end")]
    [InlineData("0A 02 08 80", "truncated varint inside a nested message")]
    [InlineData("0A 02 0A 00", "user_id as length-delimited inside a nested message")]
    [InlineData("0A 01 00", "field 0 inside a nested message")]
    [InlineData("0A 01 0C", "end-group inside a nested message")]
    [InlineData("0A 02 13 08", "group open at the end of a nested message")]
    public void Read_MalformedUserScoreRequest_ThrowsProtoException(string hex, string because)
    {
        var bytes = Hex(hex);
        FluentActions.Invoking(() => ProtobufNetRead<UserScoreRequest>(bytes)).Should().Throw<Exception>("protobuf-net rejects {0} too", because);

        var read = () => Codec<UserScoreRequest>().Read(bytes);

        read.Should().Throw<ProtoException>(because);
    }

    [Theory]
    [InlineData("18 01", "prod_price as varint")]
    [InlineData("19 0000000000000000", "prod_price as fixed64")]
    [InlineData("10 01", "prod_name as varint")]
    [InlineData("12 03 61", "prod_name past the end")]
    public void Read_MalformedProdModel_ThrowsProtoException(string hex, string because)
    {
        var read = () => Codec<ProdModel>().Read(Hex(hex));

        read.Should().Throw<ProtoException>(because);
    }

    [Fact]
    public void Read_MessagesNestedToMaxDepth_ReadsLikeProtobufNet()
    {
        var read = AssertReadsLikeProtobufNet<Node>(NestedNodes(ProtoSpanReader.MaxDepth));

        var depth = 0;
        for (var node = read.Child; node is not null; node = node.Child)
        {
            depth++;
        }

        depth.Should().Be(ProtoSpanReader.MaxDepth);
    }

    [Theory]
    [InlineData(ProtoSpanReader.MaxDepth + 1)]
    [InlineData(5_000)]
    public void Read_MessagesNestedDeeperThanMaxDepth_ThrowsProtoException(int levels)
    {
        var bytes = NestedNodes(levels);

        var read = () => Codec<Node>().Read(bytes);

        read.Should().Throw<ProtoException>().WithMessage($"*{ProtoSpanReader.MaxDepth}*");
    }

    [Fact]
    public void Read_UnknownGroupsNestedToMaxDepth_SkipsThem()
    {
        var bytes = NestedGroups(ProtoSpanReader.MaxDepth);

        AssertReadsLikeProtobufNet<ProdRequest>(bytes).ProdId.Should().Be(9);
    }

    [Theory]
    [InlineData(ProtoSpanReader.MaxDepth + 1)]
    [InlineData(100_000)]
    public void Read_UnknownGroupsNestedDeeperThanMaxDepth_ThrowsProtoException(int levels)
    {
        var bytes = NestedGroups(levels);

        var read = () => Codec<ProdRequest>().Read(bytes);

        read.Should().Throw<ProtoException>().WithMessage($"*{ProtoSpanReader.MaxDepth}*");
    }

    [Fact]
    public void Read_MultiSegmentSequenceCutAnywhere_ReadsLikeOneSpan()
    {
        var request = new UserScoreRequest
        {
            Users = [new UserInfo { UserId = int.MinValue, UserScore = 300 }, new UserInfo { UserId = 5 }, new UserInfo { UserId = 1 << 20, UserScore = -7 }],
        };
        var bytes = ProtobufNetBytes(request);
        var codec = Codec<UserScoreRequest>();
        var expected = codec.Read(bytes);

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var sequence = Split(bytes, cut);
            sequence.IsSingleSegment.Should().BeFalse();

            codec.Read(sequence).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), "cut at byte {0}", cut);
        }

        codec.Read(Split(bytes, Enumerable.Range(1, bytes.Length - 1).ToArray())).Should().BeEquivalentTo(request, o => o.WithStrictOrdering());
        codec.Read(Split(bytes, 3, 7, 20)).Should().BeEquivalentTo(request, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Read_SingleSegmentSequence_ReadsLikeOneSpan()
    {
        var value = new ProdModel { ProdId = 3, ProdName = NonAscii, ProdPrice = 2.5f };

        var read = Codec<ProdModel>().Read(new System.Buffers.ReadOnlySequence<byte>(ProtobufNetBytes(value)));

        read.Should().BeEquivalentTo(value);
    }

    [Fact]
    public void Read_MalformedMultiSegmentSequence_ThrowsProtoException()
    {
        var read = () => Codec<UserScoreRequest>().Read(Split(Hex("0A 05 08 01 10"), 2, 4));

        read.Should().Throw<ProtoException>();
    }

    [Fact]
    public void Read_EmptyInput_GivesDefaultMessage()
    {
        AssertReadsLikeProtobufNet<OrderResponse>([]).Should().BeEquivalentTo(new OrderResponse());
    }

    private static byte[] Hex(params string[] parts) =>
        Convert.FromHexString(string.Concat(parts.Select(p => p.Replace(" ", "", StringComparison.Ordinal))));

    private static byte[] NestedNodes(int levels)
    {
        var body = Hex("08 01");
        for (var i = 0; i < levels; i++)
        {
            body = Concat(Hex("08 02"), LengthDelimited(2, body));
        }

        return body;
    }

    private static byte[] NestedGroups(int levels)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Enumerable.Repeat((byte)0x1B, levels));
        bytes.AddRange(Enumerable.Repeat((byte)0x1C, levels));
        bytes.AddRange(Hex("08 09"));
        return [.. bytes];
    }

    private static int StringLengthForBody(int bodyLength)
    {
        var length = bodyLength;
        while (1 + Varint((ulong)length).Length + length > bodyLength)
        {
            length--;
        }

        (1 + Varint((ulong)length).Length + length).Should().Be(bodyLength);
        return length;
    }
}

[ProtoContract]
public sealed class Envelope
{
    [ProtoMember(1)]
    public OrderResponse? Response { get; set; }

    [ProtoMember(2)]
    public int After { get; set; }
}

[ProtoContract]
public sealed class Outer
{
    [ProtoMember(1)]
    public Envelope? Inner { get; set; }

    [ProtoMember(2)]
    public string Tail { get; set; } = "";
}

[ProtoContract]
public sealed class Catalog
{
    [ProtoMember(1)]
    public List<ProdModel> Models { get; set; } = [];
}

[ProtoContract]
public sealed class AllScalars
{
    [ProtoMember(1)]
    public long Int64 { get; set; }

    [ProtoMember(2)]
    public uint UInt32 { get; set; }

    [ProtoMember(3)]
    public ulong UInt64 { get; set; }

    [ProtoMember(4)]
    public bool Flag { get; set; }

    [ProtoMember(5)]
    public double Double { get; set; }

    [ProtoMember(6, DataFormat = DataFormat.TwosComplement)]
    public int TwosComplement32 { get; set; }

    [ProtoMember(7, DataFormat = DataFormat.TwosComplement)]
    public long TwosComplement64 { get; set; }
}

[ProtoContract]
public sealed class WithRequired
{
    [ProtoMember(1, IsRequired = true)]
    public int Count { get; set; }

    [ProtoMember(2, IsRequired = true)]
    public bool Flag { get; set; }

    [ProtoMember(3, IsRequired = true)]
    public float Price { get; set; }

    [ProtoMember(4, IsRequired = true)]
    public ProdAreas Area { get; set; }

    [ProtoMember(5, IsRequired = true)]
    public long Total { get; set; }

    [ProtoMember(6, IsRequired = true)]
    public double Ratio { get; set; }

    [Fact]
    public void Read_RepeatedFieldInOneRun_SizesTheListOnce()
    {
        var request = new UserScoreRequest { Users = [.. Enumerable.Range(1, 100).Select(id => new UserInfo { UserId = id, UserScore = id * 3 })] };
        var bytes = ProtobufNetBytes(request);

        var read = Codec<UserScoreRequest>().Read(bytes);

        read.Users.Should().BeEquivalentTo(request.Users, o => o.WithStrictOrdering());
        read.Users.Capacity.Should().Be(100);
    }

    [Fact]
    public void Read_RepeatedFieldInTwoRunsWithAnotherFieldBetween_KeepsEveryItemInOrder()
    {
        var first = ProtobufNetBytes(new UserScoreRequest { Users = [new UserInfo { UserId = 1 }, new UserInfo { UserId = 2 }] });
        var second = ProtobufNetBytes(new UserScoreRequest { Users = [new UserInfo { UserId = 3 }] });
        var bytes = Concat(first, Varint((9 << 3) | 0), Varint(5), second);

        var read = AssertReadsLikeProtobufNet<UserScoreRequest>(bytes);

        read.Users.Select(u => u.UserId).Should().Equal(1, 2, 3);
    }
}
