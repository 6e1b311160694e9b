using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// A repeated message field held in a <see cref="List{T}"/>: one length-prefixed entry per item; read entries are
/// added to the list already there (created when the message has none), which is sized once for the entries that
/// follow each other on the wire.
/// </summary>
internal sealed class RepeatedMessageFieldCodec<TMessage, TItem>(
    int number, string name, Func<TMessage, List<TItem>?> get, Action<TMessage, List<TItem>> set, MessageCodec<TItem> codec)
    : FieldCodec<TMessage>(number, WireType.String)
    where TItem : class
{
    public override void Write(TMessage message, ref ProtoBufferWriter writer)
    {
        if (get(message) is not { } items)
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new MalformedMessageException($"{name}[{i}] is null; a repeated message field cannot hold null");
            writer.WriteVarint32(Key);
            codec.WriteLengthPrefixed(item, ref writer);
        }
    }

    private readonly byte[] _key = KeyBytes(number);

    public override void Read(ref ProtoSpanReader reader, TMessage message)
    {
        var items = get(message);
        if (items is null)
        {
            items = [];
            set(message, items);
        }

        if (items.Count == 0)
        {
            items.EnsureCapacity(reader.CountRun(_key));
        }

        var item = codec.Create();
        codec.ReadLengthPrefixed(ref reader, item);
        items.Add(item);
    }

    private static byte[] KeyBytes(int number)
    {
        var writer = new ProtoBufferWriter(new byte[5]);
        writer.WriteVarint32(((uint)number << 3) | (uint)WireType.String);
        return writer.Written.ToArray();
    }
}
