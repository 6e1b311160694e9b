namespace ProdStock.Host.Gateway.Metadata;

/// <summary>The proto3 type of a field, as far as JSON mapping and request binding care.</summary>
internal enum ProtoFieldKind
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
