namespace CodeFirst.Model;

/// <summary>The proto3 type of a field, as far as JSON mapping and request binding care.</summary>
public enum FieldKind
{
    Int32,
    Int64,
    UInt32,
    UInt64,
    Float,
    Double,
    Bool,
    String,
    Bytes,
    Enum,
    Timestamp,
    Duration,
    Message,
}
