using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// A field holding one nested message (length-prefixed). Written when not null; read into the message already there,
/// if any, so a field that arrives twice is merged, as protobuf specifies.
/// </summary>
internal sealed class MessageFieldCodec<TMessage, TField>(int number, Func<TMessage, TField?> get, Action<TMessage, TField> set, MessageCodec<TField> codec)
    : FieldCodec<TMessage>(number, WireType.String)
    where TField : class
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        if (get(message) is { } value)
        {
            writer.WriteVarint32(Key);
            codec.WriteLengthPrefixed(value, ref writer);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message)
    {
        var value = get(message) ?? codec.Create();
        codec.ReadLengthPrefixed(ref reader, value);
        set(message, value);
    }
}
