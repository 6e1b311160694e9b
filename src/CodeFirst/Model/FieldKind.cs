namespace CodeFirst.Model;

/// <summary>The proto3 type of a field, as far as JSON mapping and request binding care.</summary>
public enum FieldKind
{
    /// <summary><c>int32</c> (also <see cref="short"/> and <see cref="sbyte"/>).</summary>
    Int32,

    /// <summary><c>int64</c>.</summary>
    Int64,

    /// <summary><c>uint32</c> (also <see cref="ushort"/> and <see cref="byte"/>).</summary>
    UInt32,

    /// <summary><c>uint64</c>.</summary>
    UInt64,

    /// <summary><c>float</c>.</summary>
    Float,

    /// <summary><c>double</c>.</summary>
    Double,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>string</c>.</summary>
    String,

    /// <summary><c>bytes</c>.</summary>
    Bytes,

    /// <summary>A contract enum.</summary>
    Enum,

    /// <summary><c>google.protobuf.Timestamp</c> (a <see cref="System.DateTime"/>).</summary>
    Timestamp,

    /// <summary><c>google.protobuf.Duration</c> (a <see cref="System.TimeSpan"/>).</summary>
    Duration,

    /// <summary>A contract message.</summary>
    Message,
}
