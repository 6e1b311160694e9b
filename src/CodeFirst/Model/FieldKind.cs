namespace CodeFirst.Model;

/// <summary>The proto3 type of a field, as far as JSON mapping and request binding care.</summary>
public enum FieldKind
{
    /// <summary><c>int32</c>, <c>sint32</c>, <c>sfixed32</c>: a JSON number.</summary>
    Int32,

    /// <summary><c>int64</c>, <c>sint64</c>, <c>sfixed64</c>: a JSON string in output.</summary>
    Int64,

    /// <summary><c>uint32</c>, <c>fixed32</c>: a JSON number.</summary>
    UInt32,

    /// <summary><c>uint64</c>, <c>fixed64</c>: a JSON string in output.</summary>
    UInt64,

    /// <summary><c>float</c>: a JSON number, or <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.</summary>
    Float,

    /// <summary><c>double</c>: a JSON number, or <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.</summary>
    Double,

    /// <summary><c>bool</c>: JSON <c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary><c>string</c>: a JSON string.</summary>
    String,

    /// <summary><c>bytes</c>: a base64 JSON string.</summary>
    Bytes,

    /// <summary>An enum: its value name as a JSON string in output.</summary>
    Enum,

    /// <summary><c>google.protobuf.Timestamp</c>: an RFC 3339 JSON string.</summary>
    Timestamp,

    /// <summary><c>google.protobuf.Duration</c>: a JSON string such as <c>"1.5s"</c>.</summary>
    Duration,

    /// <summary>A nested message: a JSON object.</summary>
    Message,
}
