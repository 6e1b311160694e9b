using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>Reads and writes one field of a message type.</summary>
/// <typeparam name="TMessage">The message type the field belongs to.</typeparam>
internal abstract class FieldCodec<TMessage>(int number, WireType wireType)
{
    /// <summary>The field number.</summary>
    public int Number { get; } = number;

    /// <summary>The wire type the field is written with, and the one it must arrive with.</summary>
    public WireType WireType { get; } = wireType;

    /// <summary>The field's key, as written before its value.</summary>
    protected uint Key { get; } = ((uint)number << 3) | (uint)wireType;

    /// <summary>Writes the field's key and value, unless proto3 leaves it out (a default value, a null reference).</summary>
    public abstract void Write(TMessage message, ref ProtoBufferWriter writer);

    /// <summary>Reads the field's value (its key already read) into <paramref name="message"/>.</summary>
    public abstract void Read(ref ProtoSpanReader reader, TMessage message);
}
