using System.Runtime.CompilerServices;
using ProtoBuf;

namespace ProdStock.Host.Serialization;

// The scalar fields protobuf-net writes with its default data format: written only when not zero (proto3's implicit
// defaults) unless the member is marked required, read by assigning (the last value on the wire wins).

/// <summary>An <c>int32</c> field (varint; negative values sign-extended to ten bytes).</summary>
internal sealed class Int32FieldCodec<TMessage>(int number, bool required, Func<TMessage, int> get, Action<TMessage, int> set)
    : FieldCodec<TMessage>(number, WireType.Varint)
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        if (value != 0 || required)
        {
            writer.WriteVarint32(Key);
            writer.WriteInt32(value);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, reader.ReadInt32());
}

/// <summary>An <c>int64</c> field (varint).</summary>
internal sealed class Int64FieldCodec<TMessage>(int number, bool required, Func<TMessage, long> get, Action<TMessage, long> set)
    : FieldCodec<TMessage>(number, WireType.Varint)
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        if (value != 0 || required)
        {
            writer.WriteVarint32(Key);
            writer.WriteVarint64((ulong)value);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, (long)reader.ReadVarint64());
}

/// <summary>A <c>uint32</c> field (varint).</summary>
internal sealed class UInt32FieldCodec<TMessage>(int number, bool required, Func<TMessage, uint> get, Action<TMessage, uint> set)
    : FieldCodec<TMessage>(number, WireType.Varint)
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        if (value != 0 || required)
        {
            writer.WriteVarint32(Key);
            writer.WriteVarint32(value);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, (uint)reader.ReadVarint64());
}

/// <summary>A <c>uint64</c> field (varint).</summary>
internal sealed class UInt64FieldCodec<TMessage>(int number, bool required, Func<TMessage, ulong> get, Action<TMessage, ulong> set)
    : FieldCodec<TMessage>(number, WireType.Varint)
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        if (value != 0 || required)
        {
            writer.WriteVarint32(Key);
            writer.WriteVarint64(value);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, reader.ReadVarint64());
}

/// <summary>A <c>bool</c> field (varint 0 or 1; any non-zero value reads as true).</summary>
internal sealed class BoolFieldCodec<TMessage>(int number, bool required, Func<TMessage, bool> get, Action<TMessage, bool> set)
    : FieldCodec<TMessage>(number, WireType.Varint)
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        if (value || required)
        {
            writer.WriteVarint32(Key);
            writer.WriteVarint32(value ? 1u : 0u);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, reader.ReadVarint64() != 0);
}

/// <summary>An enum field backed by <see cref="int"/> (varint, as <c>int32</c>; values the enum does not define pass through).</summary>
internal sealed class EnumFieldCodec<TMessage, TEnum>(int number, bool required, Func<TMessage, TEnum> get, Action<TMessage, TEnum> set)
    : FieldCodec<TMessage>(number, WireType.Varint)
    where TEnum : struct, Enum
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        var number = Unsafe.As<TEnum, int>(ref value);
        if (number != 0 || required)
        {
            writer.WriteVarint32(Key);
            writer.WriteInt32(number);
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message)
    {
        var number = reader.ReadInt32();
        set(message, Unsafe.As<int, TEnum>(ref number));
    }
}

/// <summary>A <c>double</c> field (fixed64).</summary>
internal sealed class DoubleFieldCodec<TMessage>(int number, bool required, Func<TMessage, double> get, Action<TMessage, double> set)
    : FieldCodec<TMessage>(number, WireType.Fixed64)
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        if (value != 0 || required)
        {
            writer.WriteVarint32(Key);
            writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, BitConverter.UInt64BitsToDouble(reader.ReadFixed64()));
}

/// <summary>A <c>float</c> field (fixed32).</summary>
internal sealed class FloatFieldCodec<TMessage>(int number, bool required, Func<TMessage, float> get, Action<TMessage, float> set)
    : FieldCodec<TMessage>(number, WireType.Fixed32)
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        var value = get(message);
        if (value != 0 || required)
        {
            writer.WriteVarint32(Key);
            writer.WriteFixed32(BitConverter.SingleToUInt32Bits(value));
        }
    }

    public override void Read(ref ProtoSpanReader reader, TMessage message) => set(message, BitConverter.UInt32BitsToSingle(reader.ReadFixed32()));
}
