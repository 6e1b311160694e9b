using System.Buffers;
using CodeFirst.AspNetCore.Grpc.Serialization;
using ProtoBuf;
using ProtoBuf.Meta;

namespace ProdStock.UnitTests.Host.Serialization;

/// <summary>protobuf-net as the reference the codecs are compared with, and the codec side of each comparison.</summary>
internal static class ProtoTestSupport
{
    public static MessageCodec<T> Codec<T>()
    {
        var codec = new MessageCodecFactory().TryGet<T>(out var whyNot);
        codec.Should().NotBeNull(whyNot);
        return codec!;
    }

    public static byte[] ProtobufNetBytes<T>(T value)
    {
        using var stream = new MemoryStream();
        RuntimeTypeModel.Default.Serialize(stream, value);
        return stream.ToArray();
    }

    public static T ProtobufNetRead<T>(byte[] bytes) => Serializer.Deserialize<T>((ReadOnlySpan<byte>)bytes);

    public static byte[] CodecBytes<T>(MessageCodec<T> codec, T value, int initialBuffer = 16)
    {
        var writer = new ProtoBufferWriter(new byte[initialBuffer]);
        codec.Write(value, ref writer);
        return writer.Written.ToArray();
    }

    /// <summary>Writes <paramref name="value"/> with both and checks the bytes match and each reads the other's bytes back.</summary>
    /// <remarks>
    /// With <paramref name="roundTrips"/> false (a null string or list, which comes back as the property's initial
    /// value), the codec's reading is compared with protobuf-net's instead of with <paramref name="value"/>.
    /// </remarks>
    public static byte[] AssertSameAsProtobufNet<T>(T value, int initialBuffer = 16, bool roundTrips = true)
    {
        var codec = Codec<T>();
        var expected = ProtobufNetBytes(value);

        var actual = CodecBytes(codec, value, initialBuffer);

        actual.Should().Equal(expected);
        var protobufNetRead = ProtobufNetRead<T>(actual);
        codec.Read(actual).Should().BeEquivalentTo(protobufNetRead, o => o.WithStrictOrdering().AllowingInfiniteRecursion());
        if (roundTrips)
        {
            protobufNetRead.Should().BeEquivalentTo(value, o => o.WithStrictOrdering().AllowingInfiniteRecursion());
        }

        return actual;
    }

    /// <summary>Reads hand-built bytes with both and checks the results match.</summary>
    public static T AssertReadsLikeProtobufNet<T>(byte[] bytes)
    {
        var expected = ProtobufNetRead<T>(bytes);

        var actual = Codec<T>().Read(bytes);

        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering().AllowingInfiniteRecursion());
        return actual;
    }

    /// <summary>A sequence over <paramref name="bytes"/> cut at <paramref name="cuts"/> (offsets, ascending) into separate arrays.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Prepend(0).Append(bytes.Length).ToArray();
        var first = new Segment(bytes[bounds[0]..bounds[1]], 0);
        var last = first;
        for (var i = 1; i < bounds.Length - 1; i++)
        {
            last = last.Append(bytes[bounds[i]..bounds[i + 1]]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A length-delimited field: key, varint length, body.</summary>
    public static byte[] LengthDelimited(int field, byte[] body) => Concat(Varint(((ulong)field << 3) | 2), Varint((ulong)body.Length), body);

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
