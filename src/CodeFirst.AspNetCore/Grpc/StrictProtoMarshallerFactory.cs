using Grpc.Core;
using ProtoBuf;
using ProtoBuf.Grpc.Configuration;
using ProtoBuf.Meta;
using CodeFirst.AspNetCore.Grpc.Serialization;
using CodeFirst.Model;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// protobuf-net's own marshallers (<see cref="ProtoBufMarshallerFactory"/>), with one change: a request that is not
/// valid protobuf for its message type ends the call with <c>INVALID_ARGUMENT</c> naming the message, instead of the
/// <c>UNKNOWN</c> that Grpc.AspNetCore makes of a decoding exception; and a Timestamp outside its range is
/// <c>INVALID_ARGUMENT</c> naming the field (<see cref="TimestampRangeCheck"/>) instead of a shifted or failed read.
/// </summary>
internal sealed class StrictProtoMarshallerFactory(TypeModel model) : MarshallerFactory
{
    private readonly BinderConfiguration _protobufNet = BinderConfiguration.Create([ProtoBufMarshallerFactory.Create(model)]);

    protected override bool CanSerialize(Type type) => model.CanSerialize(type);

    protected override Marshaller<T> CreateMarshaller<T>()
    {
        var inner = _protobufNet.GetMarshaller<T>();
        var deserialize = inner.ContextualDeserializer;
        var timestamps = TimestampRangeCheck.For(typeof(T));
        return new(inner.ContextualSerializer, context =>
        {
            try
            {
                timestamps?.Check(context.PayloadAsReadOnlySequence());
                return deserialize(context);
            }
            catch (Exception ex) when (MalformedMessage.IsMalformedInput(ex))
            {
                throw MalformedMessage.ToRpcException(typeof(T), ex);
            }
        });
    }
}
