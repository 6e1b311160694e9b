using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// Writes protobuf wire format in one pass into a growable array. A nested message reserves one byte for its length
/// and is moved right only in the rare case its body reaches 128 bytes, so no message is measured before it is written.
/// </summary>
internal ref struct ProtoBufferWriter(byte[] buffer)
{
    private const int MaxVarintLength = 10;

    private byte[] _buffer = buffer;
    private int _position;

    /// <summary>The array written into; a different one than given once it had to grow.</summary>
    public readonly byte[] Buffer => _buffer;

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint32(uint value) => WriteVarint64(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint64(ulong value)
    {
        if (_buffer.Length - _position < MaxVarintLength)
        {
            Grow(MaxVarintLength);
        }

        _position = WriteVarint(_buffer, _position, value);
    }

    /// <summary>An <c>int32</c>: negative values take ten bytes, sign-extended, as the protobuf spec requires.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int value) => WriteVarint64((ulong)(long)value);

    public void WriteFixed32(uint value)
    {
        if (_buffer.Length - _position < 4)
        {
            Grow(4);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteFixed64(ulong value)
    {
        if (_buffer.Length - _position < 8)
        {
            Grow(8);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    /// <summary>A length-prefixed UTF-8 string.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarint32((uint)count);
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }

        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    /// <summary>Starts a length-prefixed body; pass the result to <see cref="EndLengthPrefixed"/> once it is written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BeginLengthPrefixed()
    {
        if (_position == _buffer.Length)
        {
            Grow(1);
        }

        return _position++;
    }

    /// <summary>Writes the length of the body started at <paramref name="start"/> in front of it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EndLengthPrefixed(int start)
    {
        var length = _position - start - 1;
        if (length < 0x80)
        {
            _buffer[start] = (byte)length;
        }
        else
        {
            MoveBodyForLength(start, length);
        }
    }

    private void MoveBodyForLength(int start, int length)
    {
        var extra = VarintSize((uint)length) - 1;
        if (_buffer.Length - _position < extra)
        {
            Grow(extra);
        }

        _buffer.AsSpan(start + 1, length).CopyTo(_buffer.AsSpan(start + 1 + extra));
        WriteVarint(_buffer, start, (uint)length);
        _position += extra;
    }

    /// <summary>Writes <paramref name="value"/> as a varint at <paramref name="position"/>; returns the position after it.</summary>
    private static int WriteVarint(byte[] buffer, int position, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        return position;
    }

    private static int VarintSize(uint value) => value switch
    {
        < 1u << 7 => 1,
        < 1u << 14 => 2,
        < 1u << 21 => 3,
        < 1u << 28 => 4,
        _ => 5,
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        var size = Math.Max(checked(_position + needed), _buffer.Length <= int.MaxValue / 2 ? Math.Max(_buffer.Length * 2, 256) : int.MaxValue);
        Array.Resize(ref _buffer, size);
    }
}
