using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// Reads protobuf wire format from one span. Malformed input (a truncated value, a length past the end, an unknown
/// wire type, field number 0, nesting deeper than <see cref="MaxDepth"/>) throws <see cref="MalformedMessageException"/>.
/// </summary>
internal ref struct ProtoSpanReader(ReadOnlySpan<byte> data, int depth = 0)
{
    /// <summary>How deep messages may nest (protobuf's usual recursion limit).</summary>
    public const int MaxDepth = 100;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Depth { get; } = depth;

    public readonly bool IsAtEnd => _position >= _data.Length;

    /// <summary>The next field's key: field number and wire type.</summary>
    public (int Number, WireType WireType) ReadKey()
    {
        var key = ReadVarint64();
        var number = key >> 3;
        if (number is 0 or > 536_870_911)
        {
            throw new MalformedMessageException($"invalid field number {number} at byte {_position}");
        }

        return ((int)number, (WireType)(key & 7));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint64()
    {
        if (_position < _data.Length && _data[_position] < 0x80)
        {
            return _data[_position++];
        }

        return ReadVarint64Slow();
    }

    /// <summary>An <c>int32</c>/<c>enum</c> value: the low 32 bits of the varint, as protobuf specifies.</summary>
    public int ReadInt32() => (int)ReadVarint64();

    public uint ReadFixed32()
    {
        if (_data.Length - _position < 4)
        {
            throw Truncated();
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8)
        {
            throw Truncated();
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>A length-prefixed body (a string, bytes or a nested message).</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed()
    {
        var length = ReadVarint64();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Truncated();
        }

        var body = _data.Slice(_position, (int)length);
        _position += (int)length;
        return body;
    }

    /// <summary>
    /// How many length-prefixed entries of one repeated field follow back to back from here: the one whose length is
    /// next, and each further one written with <paramref name="key"/>. Reads nothing; lets a list be sized once.
    /// </summary>
    public readonly int CountRun(ReadOnlySpan<byte> key)
    {
        var ahead = this;
        var count = 0;
        while (true)
        {
            var length = ahead.ReadVarint64();
            if (length > (ulong)(ahead._data.Length - ahead._position))
            {
                return count; // malformed: the read itself will say so
            }

            ahead._position += (int)length;
            count++;
            if (!ahead._data[ahead._position..].StartsWith(key))
            {
                return count;
            }

            ahead._position += key.Length;
        }
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadLengthPrefixed());

    /// <summary>A reader over a nested message's body, one level deeper.</summary>
    public ProtoSpanReader ReadNested()
    {
        if (Depth >= MaxDepth)
        {
            throw new MalformedMessageException($"messages nest deeper than {MaxDepth} levels");
        }

        return new ProtoSpanReader(ReadLengthPrefixed(), Depth + 1);
    }

    /// <summary>Skips the value of a field this reader's message does not know.</summary>
    public void SkipField(int number, WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint64();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.String:
                ReadLengthPrefixed();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            case WireType.StartGroup:
                SkipGroup(number);
                break;
            default:
                throw new MalformedMessageException($"invalid wire type {(int)wireType} for field {number}");
        }
    }

    /// <summary>Skips a group's fields up to the end-group key of the same field number; inner groups recurse.</summary>
    private void SkipGroup(int number, int nesting = 1)
    {
        if (Depth + nesting > MaxDepth)
        {
            throw new MalformedMessageException($"groups nest deeper than {MaxDepth} levels");
        }

        while (true)
        {
            if (IsAtEnd)
            {
                throw Truncated();
            }

            var (inner, wireType) = ReadKey();
            switch (wireType)
            {
                case WireType.EndGroup when inner == number:
                    return;
                case WireType.EndGroup:
                    throw new MalformedMessageException($"group of field {number} ends with the end of field {inner}");
                case WireType.StartGroup:
                    SkipGroup(inner, nesting + 1);
                    break;
                default:
                    SkipField(inner, wireType);
                    break;
            }
        }
    }

    private ulong ReadVarint64Slow()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Truncated();
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new MalformedMessageException($"malformed varint ending at byte {_position}");
    }

    private readonly MalformedMessageException Truncated() => new($"the message ends inside a value at byte {_position}");
}
