using System.Buffers;
using System.Text;
using System.Text.Json;
using CodeFirst.AspNetCore.Gateway.Json;
using static ProdStock.UnitTests.Gateway.GatewayTestMessages;

namespace ProdStock.UnitTests.Gateway;

public sealed class ProtoJsonWriterTests
{
    private static readonly ProtoJsonOptions ProtoNamesWithDefaults = new(UseProtoFieldNames: true, EmitDefaultValues: true);
    private static readonly ProtoJsonOptions JsonNamesWithoutDefaults = new(UseProtoFieldNames: false, EmitDefaultValues: false);
    private static readonly DateTime At = new(2026, 11, 25, 8, 30, 15, DateTimeKind.Utc);

    [Fact]
    public void WriteMessage_EveryKindWithProtoNames_WritesProto3Json()
    {
        // Arrange
        var sample = new Sample
        {
            Count = -7,
            BigCount = 9_007_199_254_740_993, // 2^53 + 1: not exact as a JSON (double) number, hence a string
            HugeCount = ulong.MaxValue,
            Price = 19.99f,
            Ratio = 0.1,
            IsActive = true,
            DisplayName = "Widget",
            Payload = [1, 2, 3, 4],
            Color = SampleColor.Green,
            CreatedAt = At,
            TimeToLive = TimeSpan.FromSeconds(90),
            Inner = new Inner { Name = "a", Level = 2 },
            Tags = [1, 2, 3],
            Items = [new Inner { Name = "b" }, new Inner { Name = "c", Level = 5 }],
            SmallCount = 4_000_000_000,
        };

        // Act
        var json = Write(sample, ProtoNamesWithDefaults);

        // Assert
        json.Should().Be(
            """{"count":-7,"big_count":"9007199254740993","huge_count":"18446744073709551615","price":19.99,"ratio":0.1,"is_active":"""
            + """true,"display_name":"Widget","payload":"AQIDBA==","color":"Green","created_at":"2026-11-25T08:30:15Z","time_to_live":"90s","inner":"""
            + """{"name":"a","level":2},"tags":[1,2,3],"items":[{"name":"b","level":0},{"name":"c","level":5}],"small_count":4000000000}""");
    }

    [Fact]
    public void WriteMessage_JsonNames_WritesLowerCamelCase()
    {
        // Arrange
        var sample = new Sample
        {
            BigCount = 5,
            IsActive = true,
            DisplayName = "x",
            CreatedAt = At,
            TimeToLive = TimeSpan.FromSeconds(1),
            Items = [new Inner { Name = "n", Level = 1 }],
            SmallCount = 3,
        };

        // Act
        var json = Write(sample, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be(
            """{"bigCount":"5","isActive":true,"displayName":"x","createdAt":"2026-11-25T08:30:15Z","timeToLive":"1s","items":[{"name":"n","level":1}],"smallCount":3}""");
    }

    [Fact]
    public void WriteMessage_DefaultsEmitted_WritesEveryFieldWithItsDefaultAndNullMessages()
    {
        // Act
        var json = Write(new Sample(), ProtoNamesWithDefaults);

        // Assert
        json.Should().Be(
            """{"count":0,"big_count":"0","huge_count":"0","price":0,"ratio":0,"is_active":false,"display_name":"","payload":"","color":"Unknown","created_at":"""
            + """null,"time_to_live":null,"inner":null,"tags":[],"items":[],"small_count":0}""");
    }

    [Fact]
    public void WriteMessage_DefaultsOmitted_WritesAnEmptyObject()
    {
        // Act
        var json = Write(new Sample(), JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be("{}");
    }

    [Fact]
    public void WriteMessage_DefaultsOmittedWithNullStringBytesAndLists_WritesAnEmptyObject()
    {
        // Arrange: null collections and strings count as unset, like empty ones
        var sample = new Sample { DisplayName = null!, Payload = null!, Tags = null!, Items = null! };

        // Act
        var json = Write(sample, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be("{}");
    }

    [Fact]
    public void WriteMessage_DefaultsEmittedWithNullStringBytesAndLists_WritesEmptyValues()
    {
        // Arrange
        var sample = new Sample { DisplayName = null!, Payload = null!, Tags = null!, Items = null! };

        // Act
        var json = Write(sample, ProtoNamesWithDefaults);

        // Assert
        json.Should().Contain("\"display_name\":\"\",\"payload\":\"\"").And.Contain("\"tags\":[],\"items\":[]");
    }

    [Fact]
    public void WriteMessage_NestedMessageWithDefaultsOmitted_WritesOnlyItsSetFields()
    {
        // Arrange: an empty nested message is still present, so it is written as {}
        var sample = new Sample { Inner = new Inner(), Items = [new Inner(), new Inner { Level = 3 }] };

        // Act
        var json = Write(sample, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be("""{"inner":{},"items":[{},{"level":3}]}""");
    }

    [Theory]
    [InlineData(SampleColor.Unknown, "Unknown")]
    [InlineData(SampleColor.Red, "Red")]
    [InlineData(SampleColor.Green, "Green")]
    public void WriteMessage_DefinedEnumValue_WritesItsName(SampleColor color, string expected)
    {
        // Act
        var json = Write(new Sample { Color = color }, ProtoNamesWithDefaults);

        // Assert
        json.Should().Contain($"\"color\":\"{expected}\"");
    }

    [Theory]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(-1L, "-1")]
    public void WriteMessage_Int64_WritesAJsonString(long value, string expected)
    {
        // Act
        var json = Write(new Sample { BigCount = value }, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be($"{{\"bigCount\":\"{expected}\"}}");
    }

    [Fact]
    public void WriteMessage_UInt64_WritesAJsonString()
    {
        // Act
        var json = Write(new Sample { HugeCount = 12_345_678_901_234_567_890 }, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be("""{"hugeCount":"12345678901234567890"}""");
    }

    [Theory]
    [InlineData(float.NaN, "\"NaN\"")]
    [InlineData(float.PositiveInfinity, "\"Infinity\"")]
    [InlineData(float.NegativeInfinity, "\"-Infinity\"")]
    [InlineData(19.99f, "19.99")]
    [InlineData(-0.5f, "-0.5")]
    [InlineData(3.4028235E+38f, "3.4028235E+38")]
    public void WriteMessage_Float_WritesNonFiniteAsStringsAndFiniteAsShortestNumbers(float value, string expected)
    {
        // Act
        var json = Write(new Sample { Price = value }, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be($"{{\"price\":{expected}}}");
    }

    [Theory]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e300, "1E+300")]
    public void WriteMessage_Double_WritesNonFiniteAsStringsAndFiniteAsNumbers(double value, string expected)
    {
        // Act
        var json = Write(new Sample { Ratio = value }, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be($"{{\"ratio\":{expected}}}");
    }

    [Fact]
    public void WriteMessage_FiniteFloat_RoundTripsThroughTheJsonNumber()
    {
        // Act
        var json = Write(new Sample { Price = 19.99f }, JsonNamesWithoutDefaults);

        // Assert
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("price").GetSingle().Should().Be(19.99f);
    }

    [Theory]
    [InlineData(0L, "2026-11-25T08:30:15Z")]
    [InlineData(1_230_000L, "2026-11-25T08:30:15.123Z")]
    [InlineData(1_000_000L, "2026-11-25T08:30:15.100Z")]
    [InlineData(1_234_560L, "2026-11-25T08:30:15.123456Z")]
    [InlineData(1_234_567L, "2026-11-25T08:30:15.1234567Z")]
    public void WriteMessage_Timestamp_WritesRfc3339InUtcWithTrimmedFraction(long extraTicks, string expected)
    {
        // Act
        var json = Write(new Sample { CreatedAt = At.AddTicks(extraTicks) }, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be($"{{\"createdAt\":\"{expected}\"}}");
    }

    [Fact]
    public void WriteMessage_LocalTimestamp_WritesItInUtc()
    {
        // Act
        var json = Write(new Sample { CreatedAt = At.ToLocalTime() }, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be("""{"createdAt":"2026-11-25T08:30:15Z"}""");
    }

    [Fact]
    public void WriteMessage_Bytes_WritesStandardBase64()
    {
        // Arrange: 0xFB 0xFF gives the two characters where base64 and base64url differ
        var sample = new Sample { Payload = [0xFB, 0xFF, 0x00] };

        // Act
        var json = Write(sample, JsonNamesWithoutDefaults);

        // Assert
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("payload").GetString().Should().Be("+/8A");
    }

    [Fact]
    public void WriteMessage_DefaultValuesInsideRepeatedScalar_WritesEveryItem()
    {
        // Act
        var json = Write(new Sample { Tags = [0, -1, 0] }, JsonNamesWithoutDefaults);

        // Assert
        json.Should().Be("""{"tags":[0,-1,0]}""");
    }

    private static string Write(object message, ProtoJsonOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ProtoJsonWriter.WriteMessage(writer, message, options);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void WriteMessage_UndefinedEnumValue_WritesTheNumber()
    {
        // Arrange
        var sample = new Sample { Color = (SampleColor)7 };

        // Act
        var json = Write(sample, new ProtoJsonOptions(UseProtoFieldNames: true, EmitDefaultValues: false));

        // Assert
        json.Should().Contain("\"color\":7");
    }
}
