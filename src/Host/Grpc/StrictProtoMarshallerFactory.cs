using System.Buffers;
using Grpc.Core;
using ProdStock.Host.Schema;
using ProdStock.Host.Serialization;
using ProtoBuf;
using ProtoBuf.Grpc.Configuration;
using ProtoBuf.Meta;

namespace ProdStock.Host.Grpc;

/// <summary>
/// protobuf wire format for the server's messages, from the contracts' protobuf-net model. Message types the model
/// lays out plainly (see <see cref="MessageCodecFactory"/>) are read straight from the request's bytes and written in
/// one pass into a per-thread reused buffer by a <see cref="MessageCodec{T}"/> made from that model: the same bytes
/// protobuf-net writes, at the speed of generated code (bench/ProdStock.Bench.Serialization). Other types go through
/// protobuf-net, written into the reused buffer too. Either way a response costs no allocation, and a request that is
/// not valid protobuf for its message type becomes <c>INVALID_ARGUMENT</c> naming the message, instead of the
/// <c>UNKNOWN</c> a decoding exception would otherwise turn into.
/// </summary>
internal sealed class StrictProtoMarshallerFactory(TypeModel model) : MarshallerFactory
{
    /// <summary>Buffers that grew past this are not kept for the next message.</summary>
    private const int MaxRetainedBuffer = 1024 * 1024;

    [ThreadStatic]
    private static MemoryStream? t_stream;

    [ThreadStatic]
    private static byte[]? t_buffer;

    private readonly IProtoInput<ReadOnlySequence<byte>> _reader = (IProtoInput<ReadOnlySequence<byte>>)model;
    private readonly MessageCodecFactory? _codecs = model is RuntimeTypeModel runtimeModel ? new MessageCodecFactory(runtimeModel) : null;

    protected override bool CanSerialize(Type type) => model.CanSerialize(type);

    protected override Marshaller<T> CreateMarshaller<T>()
    {
        if (_codecs?.TryGet<T>(out _) is { } codec)
        {
            var messages = new CodecMessages<T>(codec);
            return new(messages.Write, messages.Read);
        }

        return new(WriteWithModel, ReadWithModel<T>);
    }

    private static void Write<T>(MessageCodec<T> codec, T value, global::Grpc.Core.SerializationContext context)
    {
        var writer = new ProtoBufferWriter(t_buffer ?? new byte[4096]);
        t_buffer = null; // a re-entrant call on this thread gets its own buffer
        try
        {
            codec.Write(value, ref writer);
            Send(writer.Written, context);
        }
        finally
        {
            if (writer.Buffer.Length <= MaxRetainedBuffer)
            {
                t_buffer = writer.Buffer;
            }
        }
    }

    private void WriteWithModel<T>(T value, global::Grpc.Core.SerializationContext context)
    {
        var stream = t_stream ?? new MemoryStream(4096);
        t_stream = null; // a re-entrant call on this thread gets its own buffer
        try
        {
            stream.SetLength(0);
            model.Serialize(stream, value);
            Send(stream.GetBuffer().AsSpan(0, checked((int)stream.Length)), context);
        }
        finally
        {
            if (stream.Capacity <= MaxRetainedBuffer)
            {
                t_stream = stream;
            }
        }
    }

    private static void Send(ReadOnlySpan<byte> message, global::Grpc.Core.SerializationContext context)
    {
        context.SetPayloadLength(message.Length);
        var writer = context.GetBufferWriter();
        message.CopyTo(writer.GetSpan(message.Length));
        writer.Advance(message.Length);
        context.Complete();
    }

    private T ReadWithModel<T>(DeserializationContext context)
    {
        try
        {
            return _reader.Deserialize<T>(context.PayloadAsReadOnlySequence());
        }
        catch (Exception ex) when (IsMalformedInput(ex))
        {
            throw InvalidMessage(typeof(T), ex);
        }
    }

    private static bool IsMalformedInput(Exception ex) =>
        ex is ProtoException or EndOfStreamException or ArgumentException or OverflowException or InvalidOperationException;

    private static RpcException InvalidMessage(Type type, Exception ex)
    {
        var name = ProtoTypeName.Of(type);
        return new RpcException(new Status(StatusCode.InvalidArgument, $"invalid {name}: the request is not a valid protobuf {name} message ({ex.Message})"));
    }

    /// <summary>
    /// A codec's marshalling delegates. Instance methods on purpose: a static lambda in a generic method is cached in a
    /// static field of a generic class, which shared generic code reaches through a runtime helper on every message
    /// (~10 ns per request, measured with bench/ProdStock.Bench.Pipeline).
    /// </summary>
    private sealed class CodecMessages<T>(MessageCodec<T> codec)
    {
        public void Write(T value, global::Grpc.Core.SerializationContext context) => StrictProtoMarshallerFactory.Write(codec, value, context);

        public T Read(DeserializationContext context)
        {
            try
            {
                return codec.Read(context.PayloadAsReadOnlySequence());
            }
            catch (Exception ex) when (IsMalformedInput(ex))
            {
                throw InvalidMessage(typeof(T), ex);
            }
        }
    }
}
