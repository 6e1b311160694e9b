using System.Buffers;
using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// Reads and writes one message type in protobuf wire format, field by field, with the layout protobuf-net's model
/// gives the type (so the bytes are protobuf-net's). Made by <see cref="MessageCodecFactory"/>.
/// </summary>
internal sealed class MessageCodec<T>
{
    private readonly Func<T> _create;
    private FieldCodec<T>[] _fields = [];
    private FieldCodec<T>?[] _byNumber = [];
    private Dictionary<int, FieldCodec<T>>? _byLargeNumber;

    internal MessageCodec(string name, Func<T> create)
    {
        Name = name;
        _create = create;
    }

    /// <summary>The message name in the .proto.</summary>
    public string Name { get; }

    /// <summary>The fields, in field-number order.</summary>
    public IReadOnlyList<FieldCodec<T>> Fields => _fields;

    public T Create() => _create();

    /// <summary>Writes the message's fields (not a length prefix: the caller writes that for a nested message).</summary>
    public void Write(T message, ref ProtoBufferWriter writer)
    {
        var fields = _fields;
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i].Write(message, ref writer);
        }
    }

    /// <summary>Writes the message as a nested one: its length, then its fields (the field's key is the caller's).</summary>
    public void WriteLengthPrefixed(T message, ref ProtoBufferWriter writer)
    {
        var start = writer.BeginLengthPrefixed();
        Write(message, ref writer);
        writer.EndLengthPrefixed(start);
    }

    /// <summary>Reads a nested message's length-prefixed body into <paramref name="message"/>.</summary>
    public void ReadLengthPrefixed(ref ProtoSpanReader reader, T message)
    {
        var nested = reader.ReadNested();
        ReadInto(ref nested, message);
    }

    /// <summary>Reads fields until the reader's end into <paramref name="message"/>; unknown fields are skipped.</summary>
    public void ReadInto(ref ProtoSpanReader reader, T message)
    {
        while (!reader.IsAtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            var field = (uint)number < (uint)_byNumber.Length ? _byNumber[number] : _byLargeNumber?.GetValueOrDefault(number);
            if (field is null)
            {
                reader.SkipField(number, wireType);
            }
            else if (field.WireType == wireType)
            {
                field.Read(ref reader, message);
            }
            else
            {
                throw new MalformedMessageException($"{Name} field {number} arrived as wire type {wireType}, expected {field.WireType}");
            }
        }
    }

    /// <summary>Reads a whole message.</summary>
    public T Read(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoSpanReader(data);
        var message = _create();
        ReadInto(ref reader, message);
        return message;
    }

    /// <summary>Reads a whole message from a sequence, copying it into one pooled array first when it is in pieces.</summary>
    public T Read(in ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment)
        {
            return Read(data.FirstSpan);
        }

        var length = checked((int)data.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            data.CopyTo(rented);
            return Read(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Sets the fields once, after every codec they refer to exists (message types may refer to each other).</summary>
    internal void SetFields(FieldCodec<T>[] fields)
    {
        const int MaxDenseNumber = 128;
        _fields = fields.OrderBy(f => f.Number).ToArray();
        _byNumber = new FieldCodec<T>?[Math.Min(MaxDenseNumber, _fields.Length == 0 ? 0 : _fields[^1].Number + 1)];
        foreach (var field in _fields)
        {
            if (field.Number < _byNumber.Length)
            {
                _byNumber[field.Number] = field;
            }
            else
            {
                (_byLargeNumber ??= [])[field.Number] = field;
            }
        }
    }
}
