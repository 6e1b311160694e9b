namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// A scalar field in protobuf-net's default format for its type (<typeparamref name="TFormat"/>): written only when not
/// zero (proto3's implicit defaults) unless the member is marked required; read by assigning, so the last value on the
/// wire wins.
/// </summary>
internal sealed class ScalarFieldCodec<TMessage, TValue, TFormat>(int number, bool required, Func<TMessage, TValue> get, Action<TMessage, TValue> set)
    : FieldCodec<TMessage>(number, TFormat.WireType)
    where TFormat : struct, IWireFormat<TValue>
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        if (required || !TFormat.IsDefault(value))
        {
            writer.WriteVarint32(Key);
            TFormat.Write(ref writer, value);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, TFormat.Read(ref reader));
}
