using System.Runtime.CompilerServices;
using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// How one scalar type is written on the wire. Implemented by structs, so <see cref="ScalarFieldCodec{TMessage, TValue, TFormat}"/>
/// is compiled for each format with its calls inlined.
/// </summary>
internal interface IWireFormat<T>
{
    static abstract WireType WireType { get; }

    /// <summary>Whether proto3 leaves the value out (its zero).</summary>
    static abstract bool IsDefault(T value);

    static abstract void Write(ref ProtoBufferWriter writer, T value);

    static abstract T Read(ref ProtoSpanReader reader);
}

/// <summary><c>int32</c>: varint, negative values sign-extended to ten bytes; read as the varint's low 32 bits.</summary>
internal readonly struct Int32Format : IWireFormat<int>
{
    public static WireType WireType => WireType.Varint;

    public static bool IsDefault(int value) => value == 0;

    public static void Write(ref ProtoBufferWriter writer, int value) => writer.WriteInt32(value);

    public static int Read(ref ProtoSpanReader reader) => reader.ReadInt32();
}

/// <summary><c>int64</c>: varint.</summary>
internal readonly struct Int64Format : IWireFormat<long>
{
    public static WireType WireType => WireType.Varint;

    public static bool IsDefault(long value) => value == 0;

    public static void Write(ref ProtoBufferWriter writer, long value) => writer.WriteVarint64((ulong)value);

    public static long Read(ref ProtoSpanReader reader) => (long)reader.ReadVarint64();
}

/// <summary><c>uint32</c>: varint.</summary>
internal readonly struct UInt32Format : IWireFormat<uint>
{
    public static WireType WireType => WireType.Varint;

    public static bool IsDefault(uint value) => value == 0;

    public static void Write(ref ProtoBufferWriter writer, uint value) => writer.WriteVarint32(value);

    public static uint Read(ref ProtoSpanReader reader) => (uint)reader.ReadVarint64();
}

/// <summary><c>uint64</c>: varint.</summary>
internal readonly struct UInt64Format : IWireFormat<ulong>
{
    public static WireType WireType => WireType.Varint;

    public static bool IsDefault(ulong value) => value == 0;

    public static void Write(ref ProtoBufferWriter writer, ulong value) => writer.WriteVarint64(value);

    public static ulong Read(ref ProtoSpanReader reader) => reader.ReadVarint64();
}

/// <summary><c>bool</c>: varint 0 or 1; any other non-zero value reads as true.</summary>
internal readonly struct BoolFormat : IWireFormat<bool>
{
    public static WireType WireType => WireType.Varint;

    public static bool IsDefault(bool value) => !value;

    public static void Write(ref ProtoBufferWriter writer, bool value) => writer.WriteVarint32(value ? 1u : 0u);

    public static bool Read(ref ProtoSpanReader reader) => reader.ReadVarint64() != 0;
}

/// <summary><c>double</c>: fixed64; both zeros are left out, as protobuf-net does.</summary>
internal readonly struct DoubleFormat : IWireFormat<double>
{
    public static WireType WireType => WireType.Fixed64;

    public static bool IsDefault(double value) => value == 0;

    public static void Write(ref ProtoBufferWriter writer, double value) => writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));

    public static double Read(ref ProtoSpanReader reader) => BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
}

/// <summary><c>float</c>: fixed32; both zeros are left out, as protobuf-net does.</summary>
internal readonly struct FloatFormat : IWireFormat<float>
{
    public static WireType WireType => WireType.Fixed32;

    public static bool IsDefault(float value) => value == 0;

    public static void Write(ref ProtoBufferWriter writer, float value) => writer.WriteFixed32(BitConverter.SingleToUInt32Bits(value));

    public static float Read(ref ProtoSpanReader reader) => BitConverter.UInt32BitsToSingle(reader.ReadFixed32());
}

/// <summary>An enum backed by <see cref="int"/>, as <c>int32</c>; values the enum does not define pass through.</summary>
internal readonly struct EnumFormat<TEnum> : IWireFormat<TEnum>
    where TEnum : struct, Enum
{
    public static WireType WireType => WireType.Varint;

    public static bool IsDefault(TEnum value) => Unsafe.As<TEnum, int>(ref value) == 0;

    public static void Write(ref ProtoBufferWriter writer, TEnum value) => writer.WriteInt32(Unsafe.As<TEnum, int>(ref value));

    public static TEnum Read(ref ProtoSpanReader reader)
    {
        var number = reader.ReadInt32();
        return Unsafe.As<int, TEnum>(ref number);
    }
}
