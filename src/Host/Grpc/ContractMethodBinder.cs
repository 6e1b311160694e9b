using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using ProdStock.Host.Errors;
using ProtoBuf.Grpc;
using ProtoBuf.Grpc.Configuration;

namespace ProdStock.Host.Grpc;

/// <summary>
/// Adds each contract method protobuf-net.Grpc finds to Grpc.AspNetCore with a handler of ours. The handler calls the
/// service's implementation through a delegate made once here (no expression trees, no per-call reshaping) and builds
/// the <see cref="CallContext"/> itself. Served shapes, the ones the ProdStock contracts use:
/// <c>ValueTask&lt;T&gt;</c> or <c>Task&lt;T&gt;</c> results for unary and client-streaming methods,
/// <c>IAsyncEnumerable&lt;T&gt;</c> results for server-streaming and duplex methods, request streams as
/// <c>IAsyncEnumerable&lt;T&gt;</c>, and a <see cref="CallContext"/> as the last parameter. Any other shape is recorded in
/// <see cref="Errors"/>.
/// </summary>
internal sealed class ContractMethodBinder(CallFailureTranslator translator) : ServerBinder
{
    private readonly List<string> _errors = [];

    /// <summary>Why methods could not be bound; empty when all were.</summary>
    public IReadOnlyList<string> Errors => _errors;

    protected override bool TryBind<TService, TRequest, TResponse>(ServiceBindContext bindContext, Method<TRequest, TResponse> method, MethodStub<TService> stub)
    {
        if (bindContext.State is not ServiceMethodProviderContext<TService> context)
        {
            return false;
        }

        var shape = ContractMethodShape.Of(stub.Method, method.Type, typeof(TRequest), typeof(TResponse));
        if (shape.Problem is { } problem)
        {
            _errors.Add($"{method.FullName} ({stub.Method.DeclaringType?.Name}.{stub.Method.Name}): {problem}");
            return false;
        }

        var implementation = ImplementationOf(typeof(TService), stub.Method);
        var callContext = ServiceCallContext.For(typeof(TService));
        var metadata = bindContext.GetMetadata(stub.Method);

        switch (method.Type)
        {
            case MethodType.Unary:
                var unary = new UnaryMethodHandler<TService, TRequest, TResponse>(
                    ServiceCall.ForResult<TService, TRequest, TResponse>(implementation, shape.ReturnsTask), translator, callContext);
                context.AddUnaryMethod(method, metadata, unary.Handle);
                return true;
            case MethodType.ServerStreaming:
                var serverStreaming = new ServerStreamingMethodHandler<TService, TRequest, TResponse>(
                    ServiceCall.ForStream<TService, TRequest, TResponse>(implementation), translator, callContext);
                context.AddServerStreamingMethod(method, metadata, serverStreaming.Handle);
                return true;
            case MethodType.ClientStreaming:
                var clientStreaming = new ClientStreamingMethodHandler<TService, TRequest, TResponse>(
                    ServiceCall.ForResult<TService, IAsyncEnumerable<TRequest>, TResponse>(implementation, shape.ReturnsTask), translator, callContext);
                context.AddClientStreamingMethod(method, metadata, clientStreaming.Handle);
                return true;
            case MethodType.DuplexStreaming:
                var duplex = new DuplexStreamingMethodHandler<TService, TRequest, TResponse>(
                    ServiceCall.ForStream<TService, IAsyncEnumerable<TRequest>, TResponse>(implementation), translator, callContext);
                context.AddDuplexStreamingMethod(method, metadata, duplex.Handle);
                return true;
            default:
                _errors.Add($"{method.FullName}: call kind {method.Type} is not supported.");
                return false;
        }
    }

    protected override void OnError(string message, object?[]? args = null) =>
        _errors.Add(args is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, args) : message);

    /// <summary>The service type's own method behind a contract method, so the call needs no interface dispatch.</summary>
    private static MethodInfo ImplementationOf(Type serviceType, MethodInfo contractMethod)
    {
        if (contractMethod.DeclaringType is not { IsInterface: true } contract)
        {
            return contractMethod;
        }

        var map = serviceType.GetInterfaceMap(contract);
        var index = Array.IndexOf(map.InterfaceMethods, contractMethod);
        return index >= 0 ? map.TargetMethods[index] : contractMethod;
    }
}
