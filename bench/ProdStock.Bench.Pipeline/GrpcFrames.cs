using System.Buffers.Binary;

namespace ProdStock.Bench.Pipeline;

/// <summary>gRPC's length-prefixed messages: a flag byte (0: not compressed), a 4-byte big-endian length, the message.</summary>
internal static class GrpcFrames
{
    private const int HeaderLength = 5;

    /// <summary>The request body carrying <paramref name="messages"/> in order, uncompressed.</summary>
    public static byte[] Encode(IEnumerable<byte[]> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var body = new MemoryStream();
        Span<byte> header = stackalloc byte[HeaderLength];
        foreach (var message in messages)
        {
            header[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)message.Length);
            body.Write(header);
            body.Write(message);
        }

        return body.ToArray();
    }

    /// <summary>The messages of a body, in order.</summary>
    /// <exception cref="FormatException">The body is cut short, or a message is compressed.</exception>
    public static List<ReadOnlyMemory<byte>> Decode(ReadOnlyMemory<byte> body)
    {
        var messages = new List<ReadOnlyMemory<byte>>();
        while (!body.IsEmpty)
        {
            if (body.Length < HeaderLength)
            {
                throw new FormatException($"A message header needs {HeaderLength} bytes; {body.Length} left.");
            }

            var span = body.Span;
            if (span[0] != 0)
            {
                throw new FormatException($"Message {messages.Count} is flagged compressed ({span[0]}); none was asked for.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(span[1..HeaderLength]);
            if (length > body.Length - HeaderLength)
            {
                throw new FormatException($"Message {messages.Count} announces {length} bytes; {body.Length - HeaderLength} left.");
            }

            messages.Add(body.Slice(HeaderLength, (int)length));
            body = body[(HeaderLength + (int)length)..];
        }

        return messages;
    }
}
