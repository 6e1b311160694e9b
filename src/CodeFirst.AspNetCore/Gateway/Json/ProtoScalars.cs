using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using CodeFirst.Model;

namespace CodeFirst.AspNetCore.Gateway.Json;

/// <summary>
/// Text forms of proto3 scalar values (JSON strings, path segments, query values) by the proto3 JSON mapping:
/// integers in decimal, 64-bit integers as strings, floats with "NaN"/"Infinity"/"-Infinity", enums by name or number,
/// Timestamps in RFC 3339, Durations as "1.5s", bytes in base64.
/// </summary>
internal static partial class ProtoScalars
{
    /// <summary>Parses <paramref name="text"/> as a value of <paramref name="field"/>; a bad value is <c>INVALID_ARGUMENT</c> naming <paramref name="path"/>.</summary>
    public static object Parse(FieldModel field, string text, string path)
    {
        var invariant = CultureInfo.InvariantCulture;
        object? value = field.Kind switch
        {
            FieldKind.Int32 => int.TryParse(WholeNumber(text), NumberStyles.AllowLeadingSign, invariant, out var i) ? i : null,
            FieldKind.Int64 => long.TryParse(WholeNumber(text), NumberStyles.AllowLeadingSign, invariant, out var l) ? l : null,
            FieldKind.UInt32 => uint.TryParse(WholeNumber(text), NumberStyles.None, invariant, out var u) ? u : null,
            FieldKind.UInt64 => ulong.TryParse(WholeNumber(text), NumberStyles.None, invariant, out var ul) ? ul : null,
            FieldKind.Float => ParseFloat(text),
            FieldKind.Double => ParseFloating(text),
            FieldKind.Bool => text switch { "true" => true, "false" => false, _ => null },
            FieldKind.String => text,
            FieldKind.Bytes => TryBase64(text),
            FieldKind.Enum => ParseEnum(field.ValueType, text),
            FieldKind.Timestamp => ParseTimestamp(text),
            FieldKind.Duration => ParseDuration(text),
            _ => null,
        };
        return value ?? throw Invalid(path, $"'{Shorten(text)}' is not a valid {Describe(field)}");
    }

    public static string Format(FieldModel field, object value) => field.Kind switch
    {
        FieldKind.Enum => FormatEnum(field.ValueType, value),
        FieldKind.Timestamp => FormatTimestamp((DateTime)value),
        FieldKind.Duration => FormatDuration((TimeSpan)value),
        FieldKind.Bytes => Convert.ToBase64String((byte[])value),
        FieldKind.Float => FormatFloating((float)value),
        FieldKind.Double => FormatFloating((double)value),
        FieldKind.Bool => (bool)value ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    public static string FormatTimestamp(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        var digits = fraction == 0 ? "" : fraction % 10_000 == 0 ? ".fff" : fraction % 10 == 0 ? ".ffffff" : ".fffffff";
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss" + digits, CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>The enum value's name in the .proto (its <see cref="ProtoBuf.ProtoEnumAttribute"/> name, else the C# name), or its number when undefined.</summary>
    public static string FormatEnum(Type enumType, object value) =>
        EnumNames.For(enumType).NameOf(value) ?? Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    public static bool IsDefinedEnum(Type enumType, object value) => EnumNames.For(enumType).NameOf(value) is not null;

    public static object? EnumFromNumber(Type enumType, long number) =>
        number is >= int.MinValue and <= int.MaxValue ? Enum.ToObject(enumType, (int)number) : null;

    public static string Describe(FieldModel field) => field.Kind switch
    {
        FieldKind.Enum => $"{field.ValueType.Name} (one of {string.Join(", ", EnumNames.For(field.ValueType).Names)}, or a number)",
        FieldKind.Timestamp => "timestamp (RFC 3339, e.g. 2026-11-25T08:30:00Z)",
        FieldKind.Duration => "duration (e.g. 1.5s)",
        FieldKind.Message => $"{field.Message!.Name} object",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    public static RpcException Invalid(string path, string problem) =>
        new(new Status(StatusCode.InvalidArgument, $"invalid {path}: {problem}"));

    private static object? ParseTimestamp(string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            return null;
        }

        // DateTimeOffset parses at most 7 fractional digits; proto Timestamps may carry 9 (nanoseconds).
        var fraction = match.Groups[1].Value;
        var normalized = fraction.Length > 8 ? text.Replace(fraction, fraction[..8], StringComparison.Ordinal) : text;
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.UtcDateTime : null;
    }

    private static object? ParseEnum(Type enumType, string text)
    {
        if (EnumNames.For(enumType).ValueOf(text) is { } named)
        {
            return named;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? EnumFromNumber(enumType, number) : null;
    }

    private static object? ParseFloat(string text) => text switch
    {
        "NaN" => float.NaN,
        "Infinity" => float.PositiveInfinity,
        "-Infinity" => float.NegativeInfinity,
        _ => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f) ? f : null,
    };

    /// <summary>Integers may be written as whole numbers in other notations (<c>1e2</c>, <c>100.0</c>), quoted or not.</summary>
    private static string WholeNumber(string text) =>
        text.AsSpan().ContainsAny(".eE") && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == decimal.Truncate(value)
            ? decimal.Truncate(value).ToString(CultureInfo.InvariantCulture)
            : text;

    private static double? ParseFloating(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
    };

    private static string FormatFloating(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string FormatFloating(float value) => float.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : FormatFloating((double)value);

    private static object? ParseDuration(string text) =>
        text.EndsWith('s') && decimal.TryParse(text[..^1], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && Math.Abs(seconds) <= 315_576_000_000m
            ? TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond))
            : null;

    private static string FormatDuration(TimeSpan value) =>
        ((decimal)value.Ticks / TimeSpan.TicksPerSecond).ToString("0.#########", CultureInfo.InvariantCulture) + "s";

    private static byte[]? TryBase64(string text)
    {
        var normalized = text.Replace('-', '+').Replace('_', '/');
        normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
        var buffer = new byte[normalized.Length];
        return Convert.TryFromBase64String(normalized, buffer, out var written) ? buffer[..written] : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Rfc3339();
}
