using System.Buffers;
using Grpc.Core;
using ProdStock.Host.Grpc;
using ProtoBuf.Grpc.Configuration;
using ProtoBuf.Meta;

namespace ProdStock.Bench.Serialization;

/// <summary>
/// The code-first host's marshallers (<c>StrictProtoMarshallerFactory</c>), called as Grpc.AspNetCore calls them: a
/// serialization context that hands out a buffer writer, a deserialization context over the request's bytes.
/// </summary>
internal sealed class HostMarshallers
{
    private readonly BinderConfiguration _cache = BinderConfiguration.Create([new StrictProtoMarshallerFactory(RuntimeTypeModel.Default)]);
    private readonly BufferSerializationContext _output = new();
    private readonly SequenceDeserializationContext _input = new();

    public ReadOnlySpan<byte> Written => _output.Buffer.WrittenSpan;

    public int Encode<T>(T message)
    {
        _output.Buffer.ResetWrittenCount();
        _cache.GetMarshaller<T>().ContextualSerializer(message, _output);
        return _output.Buffer.WrittenCount;
    }

    public T Decode<T>(ReadOnlySequence<byte> bytes)
    {
        _input.Payload = bytes;
        return _cache.GetMarshaller<T>().ContextualDeserializer(_input);
    }

    private sealed class BufferSerializationContext : SerializationContext
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(64 * 1024);

        public override void SetPayloadLength(int payloadLength)
        {
        }

        public override IBufferWriter<byte> GetBufferWriter() => Buffer;

        public override void Complete()
        {
        }
    }

    private sealed class SequenceDeserializationContext : DeserializationContext
    {
        public ReadOnlySequence<byte> Payload { get; set; }

        public override int PayloadLength => (int)Payload.Length;

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => Payload;
    }
}
