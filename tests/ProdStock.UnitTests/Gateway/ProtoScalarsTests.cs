using Grpc.Core;
using CodeFirst.AspNetCore.Gateway.Json;
using static ProdStock.UnitTests.Gateway.GatewayTestMessages;

namespace ProdStock.UnitTests.Gateway;

public sealed class ProtoScalarsTests
{
    /// <summary>Canonical texts: parsing then formatting each gives the same text back.</summary>
    public static TheoryData<string, string> CanonicalTexts() => new()
    {
        { "count", "0" },
        { "count", "-42" },
        { "count", "2147483647" },
        { "count", "-2147483648" },
        { "small_count", "4294967295" },
        { "big_count", "9223372036854775807" },
        { "big_count", "-9223372036854775808" },
        { "huge_count", "18446744073709551615" },
        { "price", "19.99" },
        { "price", "-0.5" },
        { "price", "NaN" },
        { "price", "Infinity" },
        { "price", "-Infinity" },
        { "ratio", "0.1" },
        { "ratio", "1E+300" },
        { "ratio", "NaN" },
        { "ratio", "-Infinity" },
        { "is_active", "true" },
        { "is_active", "false" },
        { "display_name", "héllo wörld" },
        { "display_name", "" },
        { "payload", "AQIDBA==" },
        { "payload", "+/8A" },
        { "color", "Unknown" },
        { "color", "Green" },
        { "created_at", "2026-11-25T08:30:15Z" },
        { "created_at", "2026-11-25T08:30:15.123Z" },
        { "created_at", "2026-11-25T08:30:15.123456Z" },
        { "created_at", "2026-11-25T08:30:15.1234567Z" },
        { "created_at", "0001-01-01T00:00:00Z" },
        { "created_at", "9999-12-31T23:59:59.9999999Z" },
        { "time_to_live", "0s" },
        { "time_to_live", "1s" },
        { "time_to_live", "3600s" },
        { "time_to_live", "-0.125s" },
        { "time_to_live", "1.000001s" },
    };

    [Theory]
    [MemberData(nameof(CanonicalTexts))]
    public void ParseThenFormat_CanonicalText_RoundTrips(string fieldName, string text)
    {
        // Arrange
        var field = SampleField(fieldName);

        // Act
        var value = ProtoScalars.Parse(field, text, "Sample." + fieldName);
        var formatted = ProtoScalars.Format(field, value);

        // Assert
        formatted.Should().Be(text);
    }

    public static TheoryData<string, object> Values() => new()
    {
        { "count", -42 },
        { "small_count", uint.MaxValue },
        { "big_count", long.MinValue },
        { "huge_count", ulong.MaxValue },
        { "price", 19.99f },
        { "price", float.Epsilon },
        { "ratio", Math.PI },
        { "ratio", double.Epsilon },
        { "is_active", true },
        { "display_name", "a \"quoted\" / text" },
        { "payload", new byte[] { 0, 1, 254, 255 } },
        { "color", SampleColor.Red },
        { "created_at", new DateTime(2026, 11, 25, 8, 30, 15, DateTimeKind.Utc).AddTicks(9_876_543) },
        { "time_to_live", TimeSpan.FromTicks(-123_456_789) },
        { "time_to_live", TimeSpan.FromDays(10_000) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void FormatThenParse_Value_RoundTrips(string fieldName, object value)
    {
        // Arrange
        var field = SampleField(fieldName);

        // Act
        var text = ProtoScalars.Format(field, value);
        var parsed = ProtoScalars.Parse(field, text, "Sample." + fieldName);

        // Assert
        parsed.Should().BeEquivalentTo(value);
        parsed.GetType().Should().Be(value.GetType());
    }

    [Theory]
    [InlineData("count", "+5", 5)]
    [InlineData("color", "2", SampleColor.Green)]
    [InlineData("color", "9", (SampleColor)9)]
    [InlineData("price", "1e3", 1000f)]
    public void Parse_AlternativeSpelling_IsAccepted(string fieldName, string text, object expected)
    {
        // Act
        var value = ProtoScalars.Parse(SampleField(fieldName), text, "Sample." + fieldName);

        // Assert
        value.Should().Be(expected);
    }

    [Theory]
    [InlineData("created_at", "2026-11-25T10:30:15+02:00", "2026-11-25T08:30:15Z")]
    [InlineData("created_at", "2026-11-25T08:30:15.120000000Z", "2026-11-25T08:30:15.120Z")]
    [InlineData("created_at", "2026-11-25T08:30:15.123456789Z", "2026-11-25T08:30:15.1234567Z")]
    [InlineData("time_to_live", "90.000s", "90s")]
    [InlineData("payload", "-_8A", "+/8A")]
    [InlineData("payload", "AQIDBA", "AQIDBA==")]
    public void ParseThenFormat_NonCanonicalText_FormatsTheCanonicalForm(string fieldName, string text, string expected)
    {
        // Arrange
        var field = SampleField(fieldName);

        // Act
        var formatted = ProtoScalars.Format(field, ProtoScalars.Parse(field, text, "Sample." + fieldName));

        // Assert
        formatted.Should().Be(expected);
    }

    [Theory]
    [InlineData("count", "")]
    [InlineData("count", "abc")]
    [InlineData("count", "2147483648")]
    [InlineData("small_count", "-1")]
    [InlineData("big_count", "9223372036854775808")]
    [InlineData("huge_count", "-1")]
    [InlineData("price", "3.5e38")]
    [InlineData("price", "nan")]
    [InlineData("ratio", "1e400")]
    [InlineData("is_active", "True")]
    [InlineData("is_active", "1")]
    [InlineData("payload", "a*b")]
    [InlineData("color", "Purple")]
    [InlineData("color", "green")]
    [InlineData("color", "99999999999")]
    [InlineData("created_at", "2026-11-25")]
    [InlineData("created_at", "2026-11-25T08:30:15+0200")]
    [InlineData("created_at", "2026-02-30T08:30:15Z")]
    [InlineData("time_to_live", "1.5")]
    [InlineData("time_to_live", "1.5m")]
    [InlineData("time_to_live", "315576000001s")]
    public void Parse_InvalidText_ThrowsInvalidArgumentNamingThePath(string fieldName, string text)
    {
        // Act
        var act = () => ProtoScalars.Parse(SampleField(fieldName), text, "Sample." + fieldName);

        // Assert
        var thrown = act.Should().Throw<RpcException>().Which;
        thrown.StatusCode.Should().Be(StatusCode.InvalidArgument);
        thrown.Status.Detail.Should().StartWith($"invalid Sample.{fieldName}: '{text}' is not a valid ");
    }

    [Fact]
    public void Parse_InvalidEnum_ListsTheNames()
    {
        // Act
        var act = () => ProtoScalars.Parse(SampleField("color"), "Purple", "Sample.color");

        // Assert
        act.Should().Throw<RpcException>().Which.Status.Detail.Should()
            .Be("invalid Sample.color: 'Purple' is not a valid SampleColor (one of Unknown, Red, Green, or a number)");
    }

    [Fact]
    public void Parse_LongInvalidText_IsShortenedInTheMessage()
    {
        // Act
        var act = () => ProtoScalars.Parse(SampleField("count"), new string('x', 100), "Sample.count");

        // Assert
        act.Should().Throw<RpcException>().Which.Status.Detail.Should()
            .Be($"invalid Sample.count: '{new string('x', 40)}…' is not a valid int32");
    }

    [Fact]
    public void FormatTimestamp_UnspecifiedKind_IsTakenAsUtc()
    {
        // Act
        var text = ProtoScalars.FormatTimestamp(new DateTime(2026, 11, 25, 8, 30, 15, DateTimeKind.Unspecified));

        // Assert
        text.Should().Be("2026-11-25T08:30:15Z");
    }

    [Theory]
    [InlineData("1e2", 100)]
    [InlineData("1.0", 1)]
    [InlineData("-2E1", -20)]
    public void Parse_Int32WholeNumberInOtherNotation_IsAccepted(string text, int expected)
    {
        // Arrange
        var field = SampleField("count");

        // Act
        var value = ProtoScalars.Parse(field, text, "Sample.count");

        // Assert
        value.Should().Be(expected);
    }

    [Fact]
    public void Parse_FloatMaxValueAsWritten_RoundTrips()
    {
        // Arrange
        var field = SampleField("price");

        // Act
        var value = ProtoScalars.Parse(field, ProtoScalars.Format(field, float.MaxValue), "Sample.price");

        // Assert
        value.Should().Be(float.MaxValue);
    }

    [ProtoBuf.ProtoContract]
    public enum Level
    {
        [ProtoBuf.ProtoEnum(Name = "LEVEL_UNSPECIFIED")]
        Unspecified = 0,

        [ProtoBuf.ProtoEnum(Name = "LEVEL_HIGH")]
        High = 1,
    }

    [Fact]
    public void FormatEnum_ProtoEnumName_UsesTheProtoName()
    {
        // Act
        var name = ProtoScalars.FormatEnum(typeof(Level), Level.High);

        // Assert
        name.Should().Be("LEVEL_HIGH");
        ProtoScalars.IsDefinedEnum(typeof(Level), (Level)9).Should().BeFalse();
    }
}
