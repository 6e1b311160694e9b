using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>A <c>string</c> field (length-prefixed UTF-8); a null string is left out, as protobuf-net does.</summary>
internal sealed class StringFieldCodec<TMessage>(int number, Func<TMessage, string?> get, Action<TMessage, string> set)
    : FieldCodec<TMessage>(number, WireType.String)
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        if (get(message) is { } value)
        {
            writer.WriteVarint32(Key);
            writer.WriteString(value);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, reader.ReadString());
}
