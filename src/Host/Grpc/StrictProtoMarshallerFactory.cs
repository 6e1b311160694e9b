using System.Buffers;
using System.Reflection;
using Grpc.Core;
using ProtoBuf;
using ProtoBuf.Grpc.Configuration;
using ProtoBuf.Meta;

namespace ProdStock.Host.Grpc;

/// <summary>
/// protobuf-net marshalling for the server, like protobuf-net.Grpc's default (single pass into the transport's buffer
/// writer, reads straight from the request's byte sequence), except that a request that is not valid protobuf for its
/// message type becomes <c>INVALID_ARGUMENT</c> naming the message, instead of the <c>UNKNOWN</c> a decoding exception
/// would otherwise turn into.
/// </summary>
internal sealed class StrictProtoMarshallerFactory(TypeModel model) : MarshallerFactory
{
    private readonly IMeasuredProtoOutput<IBufferWriter<byte>> _writer = (IMeasuredProtoOutput<IBufferWriter<byte>>)model;
    private readonly IProtoInput<ReadOnlySequence<byte>> _reader = (IProtoInput<ReadOnlySequence<byte>>)model;

    protected override bool CanSerialize(Type type) => model.CanSerialize(type);

    protected override Marshaller<T> CreateMarshaller<T>() => new(WriteMessage, ReadMessage<T>);

    private void WriteMessage<T>(T value, global::Grpc.Core.SerializationContext context)
    {
        using var measured = _writer.Measure(value);
        context.SetPayloadLength(checked((int)measured.Length));
        _writer.Serialize(measured, context.GetBufferWriter());
        context.Complete();
    }

    private T ReadMessage<T>(DeserializationContext context)
    {
        try
        {
            return _reader.Deserialize<T>(context.PayloadAsReadOnlySequence());
        }
        catch (Exception ex) when (ex is ProtoException or EndOfStreamException or ArgumentException or OverflowException or InvalidOperationException)
        {
            var name = typeof(T).GetCustomAttribute<ProtoContractAttribute>()?.Name ?? typeof(T).Name;
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"invalid {name}: the request is not a valid protobuf {name} message ({ex.Message})"));
        }
    }
}
