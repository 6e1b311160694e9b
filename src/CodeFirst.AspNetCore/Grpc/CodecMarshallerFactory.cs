using Grpc.Core;
using CodeFirst.AspNetCore.Grpc.Serialization;
using ProtoBuf.Grpc.Configuration;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Marshals the message types <see cref="MessageCodecFactory"/> covers with their <see cref="MessageCodec{T}"/>: read
/// straight from the request's bytes, written in one pass into a per-thread buffer that is reused, the bytes
/// protobuf-net writes. protobuf-net measures every message before writing it and, past a few list items, allocates
/// per nested message while doing so (about 250 bytes per item of a <c>List&lt;message&gt;</c>); the codec allocates
/// nothing to write. Placed before <see cref="StrictProtoMarshallerFactory"/> in the <see cref="BinderConfiguration"/>,
/// so every type it does not cover goes on to protobuf-net. Malformed input is <c>INVALID_ARGUMENT</c> as there.
/// </summary>
internal sealed class CodecMarshallerFactory(MessageCodecFactory codecs) : MarshallerFactory
{
    /// <summary>Buffers that grew past this are not kept for the next message.</summary>
    private const int MaxRetainedBuffer = 1024 * 1024;

    [ThreadStatic]
    private static byte[]? t_buffer;

    protected override bool CanSerialize(Type type) => codecs.Covers(type);

    protected override Marshaller<T> CreateMarshaller<T>()
    {
        var codec = codecs.TryGet<T>(out var whyNot) ?? throw new InvalidOperationException($"{typeof(T)} has no codec: {whyNot}");
        var messages = new CodecMessages<T>(codec);
        return new(messages.Write, messages.Read);
    }

    private static void Write<T>(MessageCodec<T> codec, T value, global::Grpc.Core.SerializationContext context)
    {
        var writer = new ProtoBufferWriter(t_buffer ?? new byte[4096]);
        t_buffer = null; // a re-entrant call on this thread gets its own buffer
        try
        {
            codec.Write(value, ref writer);
            var message = writer.Written;
            context.SetPayloadLength(message.Length);
            var output = context.GetBufferWriter();
            message.CopyTo(output.GetSpan(message.Length));
            output.Advance(message.Length);
            context.Complete();
        }
        finally
        {
            if (writer.Buffer.Length <= MaxRetainedBuffer)
            {
                t_buffer = writer.Buffer;
            }
        }
    }

    /// <summary>
    /// A codec's marshalling delegates. Instance methods on purpose: a static lambda in a generic method is cached in a
    /// static field of a generic class, which shared generic code reaches through a runtime helper on every message.
    /// </summary>
    private sealed class CodecMessages<T>(MessageCodec<T> codec)
    {
        public void Write(T value, global::Grpc.Core.SerializationContext context) => CodecMarshallerFactory.Write(codec, value, context);

        public T Read(DeserializationContext context)
        {
            try
            {
                return codec.Read(context.PayloadAsReadOnlySequence());
            }
            catch (Exception ex) when (MalformedMessage.IsMalformedInput(ex))
            {
                throw MalformedMessage.ToRpcException(typeof(T), ex);
            }
        }
    }
}
