using Grpc.Core;
using ProdStock.Services;
using ProtoBuf.Grpc;

namespace ProdStock.Host.Grpc;

/// <summary>
/// Makes the <see cref="CallContext"/> a service method receives: the full server context (request headers copied,
/// <see cref="CallContext.ServerCallContext"/> set), or for a service marked <see cref="LeanCallContextAttribute"/> one
/// with the deadline, cancellation and write options only, which costs no allocation.
/// </summary>
internal readonly struct ServiceCallContext(bool lean)
{
    public static ServiceCallContext For(Type serviceType) => new(serviceType.IsDefined(typeof(LeanCallContextAttribute), inherit: false));

    public CallContext Create(object service, ServerCallContext context) =>
        lean
            ? new CallContext(new CallOptions(deadline: context.Deadline, cancellationToken: context.CancellationToken, writeOptions: context.WriteOptions), state: service)
            : new CallContext(service, context);
}
