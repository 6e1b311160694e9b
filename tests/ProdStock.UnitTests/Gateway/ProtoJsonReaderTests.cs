using System.Text;
using System.Text.Json;
using Grpc.Core;
using CodeFirst.AspNetCore.Gateway.Json;
using CodeFirst.Model;
using static ProdStock.UnitTests.Gateway.GatewayTestMessages;

namespace ProdStock.UnitTests.Gateway;

public sealed class ProtoJsonReaderTests
{
    private static readonly DateTime At = new(2026, 11, 25, 8, 30, 15, DateTimeKind.Utc);

    [Fact]
    public void ReadMessage_ProtoNames_SetsEveryField()
    {
        // Arrange
        const string json = """
            {"count":-7,"big_count":"9007199254740993","huge_count":"18446744073709551615","price":19.99,"ratio":0.1,"is_active":true,
             "display_name":"Widget","payload":"AQIDBA==","color":"Green","created_at":"2026-11-25T08:30:15Z","time_to_live":"1.5s",
             "inner":{"name":"a","level":2},"tags":[1,2,3],"items":[{"name":"b"},{"name":"c","level":5}],"small_count":4000000000}
            """;

        // Act
        var sample = Read<Sample>(json);

        // Assert
        sample.Should().BeEquivalentTo(new Sample
        {
            Count = -7,
            BigCount = 9_007_199_254_740_993,
            HugeCount = ulong.MaxValue,
            Price = 19.99f,
            Ratio = 0.1,
            IsActive = true,
            DisplayName = "Widget",
            Payload = [1, 2, 3, 4],
            Color = SampleColor.Green,
            CreatedAt = At,
            TimeToLive = TimeSpan.FromSeconds(1.5),
            Inner = new Inner { Name = "a", Level = 2 },
            Tags = [1, 2, 3],
            Items = [new Inner { Name = "b" }, new Inner { Name = "c", Level = 5 }],
            SmallCount = 4_000_000_000,
        }, options => options.WithStrictOrdering());
        sample.CreatedAt!.Value.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ReadMessage_WhatTheWriterWrote_GivesTheSameMessage(bool useProtoFieldNames, bool emitDefaultValues)
    {
        // Arrange
        var original = new Sample
        {
            Count = int.MinValue,
            BigCount = long.MaxValue,
            HugeCount = ulong.MaxValue,
            Price = float.NegativeInfinity,
            Ratio = double.NaN,
            DisplayName = "héllo \"wörld\" <&>",
            Payload = [0xFB, 0xFF, 0x00],
            Color = SampleColor.Red,
            CreatedAt = At.AddTicks(1_234_567),
            TimeToLive = TimeSpan.FromTicks(-12_345_678),
            Inner = new Inner(),
            Tags = [0, -1, int.MaxValue],
            Items = [new Inner { Name = "x", Level = -3 }, new Inner()],
            SmallCount = uint.MaxValue,
        };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ProtoJsonWriter.WriteMessage(writer, original, new ProtoJsonOptions(useProtoFieldNames, emitDefaultValues));
        }

        // Act
        var read = Read<Sample>(Encoding.UTF8.GetString(buffer.WrittenSpan));

        // Assert
        read.Should().BeEquivalentTo(original, options => options.WithStrictOrdering());
    }

    [Fact]
    public void ReadMessage_JsonNames_SetsTheFields()
    {
        // Arrange
        const string json = """{"bigCount":"12","hugeCount":"13","isActive":true,"displayName":"x","createdAt":"2026-11-25T08:30:15Z","timeToLive":"2s","smallCount":14}""";

        // Act
        var sample = Read<Sample>(json);

        // Assert
        sample.BigCount.Should().Be(12);
        sample.HugeCount.Should().Be(13UL);
        sample.IsActive.Should().BeTrue();
        sample.DisplayName.Should().Be("x");
        sample.CreatedAt.Should().Be(At);
        sample.TimeToLive.Should().Be(TimeSpan.FromSeconds(2));
        sample.SmallCount.Should().Be(14U);
    }

    [Fact]
    public void ReadMessage_UnknownFields_AreIgnoredWithTheirNestedValues()
    {
        // Arrange
        const string json = """{"unknown":{"count":99,"deeper":[1,{"count":98}]},"count":3,"other":[[],{}],"display_name":"kept","last":"x"}""";

        // Act
        var sample = Read<Sample>(json);

        // Assert
        sample.Count.Should().Be(3);
        sample.DisplayName.Should().Be("kept");
    }

    [Fact]
    public void ReadMessage_NullValues_LeaveTheDefaults()
    {
        // Arrange
        const string json = """{"count":null,"big_count":null,"display_name":null,"payload":null,"color":null,"created_at":null,"inner":null,"tags":null,"items":null}""";

        // Act
        var sample = Read<Sample>(json);

        // Assert
        sample.Should().BeEquivalentTo(new Sample());
    }

    [Fact]
    public void ReadMessage_QuotedNumbers_AreParsed()
    {
        // Arrange
        const string json = """{"count":"-42","big_count":"-9223372036854775808","huge_count":"1","price":"1.5","ratio":"-2.25","small_count":"7"}""";

        // Act
        var sample = Read<Sample>(json);

        // Assert
        sample.Count.Should().Be(-42);
        sample.BigCount.Should().Be(long.MinValue);
        sample.HugeCount.Should().Be(1UL);
        sample.Price.Should().Be(1.5f);
        sample.Ratio.Should().Be(-2.25);
        sample.SmallCount.Should().Be(7U);
    }

    [Fact]
    public void ReadMessage_UnquotedInt64_IsParsedExactly()
    {
        // Act
        var sample = Read<Sample>("""{"big_count":9223372036854775807,"huge_count":18446744073709551615}""");

        // Assert
        sample.BigCount.Should().Be(long.MaxValue);
        sample.HugeCount.Should().Be(ulong.MaxValue);
    }

    [Theory]
    [InlineData("1.0", 1)]
    [InlineData("1e2", 100)]
    [InlineData("-2.0E1", -20)]
    public void ReadMessage_WholeNumberWrittenAsFloat_IsAcceptedForInt32(string number, int expected)
    {
        // Act
        var sample = Read<Sample>($$"""{"count":{{number}}}""");

        // Assert
        sample.Count.Should().Be(expected);
    }

    [Theory]
    [InlineData("\"Green\"", SampleColor.Green)]
    [InlineData("\"Unknown\"", SampleColor.Unknown)]
    [InlineData("1", SampleColor.Red)]
    [InlineData("\"2\"", SampleColor.Green)]
    [InlineData("7", (SampleColor)7)]
    public void ReadMessage_Enum_AcceptsNamesAndNumbers(string value, SampleColor expected)
    {
        // Act
        var sample = Read<Sample>($$"""{"color":{{value}}}""");

        // Assert
        sample.Color.Should().Be(expected);
    }

    [Theory]
    [InlineData("2026-11-25T08:30:15Z", 0L)]
    [InlineData("2026-11-25T10:30:15+02:00", 0L)]
    [InlineData("2026-11-25T03:30:15-05:00", 0L)]
    [InlineData("2026-11-25T08:30:15.123Z", 1_230_000L)]
    [InlineData("2026-11-25T08:30:15.123456789Z", 1_234_567L)]
    [InlineData("2026-11-25T10:30:15.5+02:00", 5_000_000L)]
    public void ReadMessage_Rfc3339Timestamp_IsReadInUtc(string text, long extraTicks)
    {
        // Act
        var sample = Read<Sample>($$"""{"created_at":"{{text}}"}""");

        // Assert
        sample.CreatedAt.Should().Be(At.AddTicks(extraTicks));
        sample.CreatedAt!.Value.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData("\"NaN\"", float.NaN)]
    [InlineData("\"Infinity\"", float.PositiveInfinity)]
    [InlineData("\"-Infinity\"", float.NegativeInfinity)]
    [InlineData("19.99", 19.99f)]
    public void ReadMessage_Float_AcceptsNonFiniteStrings(string value, float expected)
    {
        // Act
        var sample = Read<Sample>($$"""{"price":{{value}},"ratio":{{value}}}""");

        // Assert
        sample.Price.Should().Be(expected);
        sample.Ratio.Should().Be(value == "19.99" ? 19.99 : expected);
    }

    [Theory]
    [InlineData("AQIDBA==", new byte[] { 1, 2, 3, 4 })]
    [InlineData("+/8A", new byte[] { 0xFB, 0xFF, 0x00 })]
    [InlineData("-_8A", new byte[] { 0xFB, 0xFF, 0x00 })]
    [InlineData("AQIDBA", new byte[] { 1, 2, 3, 4 })]
    public void ReadMessage_Bytes_AcceptsBase64AndBase64Url(string text, byte[] expected)
    {
        // Act
        var sample = Read<Sample>($$"""{"payload":"{{text}}"}""");

        // Assert
        sample.Payload.Should().Equal(expected);
    }

    [Fact]
    public void ReadMessage_DeeplyNestedWithinTheLimit_ReadsEveryLevel()
    {
        // Arrange: the root and 32 nested messages
        var json = Nested(32);

        // Act
        var node = Read<Node>(json);

        // Assert
        var depth = 0;
        for (var current = node.Child; current is not null; current = current.Child)
        {
            depth++;
            current.Value.Should().Be(depth);
        }

        depth.Should().Be(32);
    }

    [Fact]
    public void ReadMessage_NestedTooDeeply_ThrowsInvalidArgument()
    {
        // Arrange: the root and 33 nested messages
        var json = Nested(33);

        // Act
        var act = () => Read<Node>(json);

        // Assert
        var thrown = act.Should().Throw<RpcException>().Which;
        thrown.StatusCode.Should().Be(StatusCode.InvalidArgument);
        thrown.Status.Detail.Should().StartWith("invalid Node.child.child.").And.EndWith(": the JSON is nested too deeply");
    }

    public static TheoryData<string, string> InvalidJson() => new()
    {
        { """{"count":"abc"}""", "Sample.count" },
        { """{"count":"12abc"}""", "Sample.count" },
        { """{"count":{}}""", "Sample.count" },
        { """{"count":{"a":1}}""", "Sample.count" },
        { """{"count":true}""", "Sample.count" },
        { """{"display_name":5}""", "Sample.display_name" },
        { """{"display_name":{}}""", "Sample.display_name" },
        { """{"display_name":["x"]}""", "Sample.display_name" },
        { """{"count":[1]}""", "Sample.count" },
        { """{"inner":[{"name":"x"}]}""", "Sample.inner" },
        { """{"tags":1}""", "Sample.tags" },
        { """{"tags":{"a":1}}""", "Sample.tags" },
        { """{"items":{"name":"x"}}""", "Sample.items" },
        { """{"tags":[1,"x"]}""", "Sample.tags[1]" },
        { """{"tags":[1,null]}""", "Sample.tags[1]" },
        { """{"color":"PURPLE"}""", "Sample.color" },
        { """{"color":"green"}""", "Sample.color" },
        { """{"color":1.5}""", "Sample.color" },
        { """{"count":1e20}""", "Sample.count" },
        { """{"count":2147483648}""", "Sample.count" },
        { """{"count":1.5}""", "Sample.count" },
        { """{"count":"1.5"}""", "Sample.count" },
        { """{"small_count":-1}""", "Sample.small_count" },
        { """{"big_count":"9223372036854775808"}""", "Sample.big_count" },
        { """{"huge_count":"-1"}""", "Sample.huge_count" },
        { """{"price":1e39}""", "Sample.price" },
        { """{"ratio":"Infinityx"}""", "Sample.ratio" },
        { """{"is_active":"true"}""", "Sample.is_active" },
        { """{"is_active":1}""", "Sample.is_active" },
        { """{"payload":"not base64!"}""", "Sample.payload" },
        { """{"created_at":"2026-11-25 08:30:15"}""", "Sample.created_at" },
        { """{"created_at":"2026-11-25T08:30:15"}""", "Sample.created_at" },
        { """{"created_at":"2026-13-45T08:30:15Z"}""", "Sample.created_at" },
        { """{"created_at":"2026-11-25T08:30:15.1234567890Z"}""", "Sample.created_at" },
        { """{"created_at":1764059415}""", "Sample.created_at" },
        { """{"time_to_live":"90"}""", "Sample.time_to_live" },
        { """{"inner":"x"}""", "Sample.inner" },
        { """{"inner":{"level":"x"}}""", "Sample.inner.level" },
        { """{"items":[{"level":1},{"level":true}]}""", "Sample.items[1].level" },
    };

    [Theory]
    [MemberData(nameof(InvalidJson))]
    public void ReadMessage_InvalidValue_ThrowsInvalidArgumentNamingTheField(string json, string fieldPath)
    {
        // Act
        var act = () => Read<Sample>(json);

        // Assert
        var thrown = act.Should().Throw<RpcException>().Which;
        thrown.StatusCode.Should().Be(StatusCode.InvalidArgument);
        thrown.Status.Detail.Should().StartWith($"invalid {fieldPath}: ");
    }

    [Fact]
    public void ReadMessage_StringForInt32_SaysWhatWasExpected()
    {
        // Act
        var act = () => Read<Sample>("""{"count":"abc"}""");

        // Assert
        act.Should().Throw<RpcException>().Which.Status.Detail.Should().Be("invalid Sample.count: 'abc' is not a valid int32");
    }

    [Fact]
    public void ReadMessage_NumberForString_IsRefusedAsProto3JsonRequires()
    {
        // Act
        var act = () => Read<Sample>("""{"display_name":5}""");

        // Assert
        act.Should().Throw<RpcException>().Which.Status.Detail.Should().Be("invalid Sample.display_name: expected string, got a number");
    }

    [Fact]
    public void ReadMessage_NotAnObject_ThrowsInvalidArgumentNamingTheMessage()
    {
        // Act
        var act = () => Read<Sample>("[1]");

        // Assert
        var thrown = act.Should().Throw<RpcException>().Which;
        thrown.StatusCode.Should().Be(StatusCode.InvalidArgument);
        thrown.Status.Detail.Should().Be("invalid Sample: expected a JSON object for Sample, got an array");
    }

    private static T Read<T>(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var message = ProtoJsonReader.ReadMessage(ref reader, MessageModel.For(typeof(T)), typeof(T).Name);
        reader.TokenType.Should().Be(JsonTokenType.EndObject, "the reader ends on the message's closing brace");
        return (T)message;
    }

    /// <summary>A <see cref="Node"/> with <paramref name="levels"/> nested children, the child at depth d having value d.</summary>
    private static string Nested(int levels)
    {
        var json = new StringBuilder("{\"value\":0");
        for (var depth = 1; depth <= levels; depth++)
        {
            json.Append(",\"child\":{\"value\":").Append(depth);
        }

        json.Append('}', levels + 1);
        return json.ToString();
    }
}
