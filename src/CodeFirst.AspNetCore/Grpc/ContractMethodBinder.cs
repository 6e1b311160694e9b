using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using CodeFirst.AspNetCore.Errors;
using ProtoBuf.Grpc;
using ProtoBuf.Grpc.Configuration;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Adds each contract method protobuf-net.Grpc finds to Grpc.AspNetCore. A method of the common shape (the request or
/// an <c>IAsyncEnumerable&lt;T&gt;</c> of requests, and a <see cref="CallContext"/>; <c>ValueTask&lt;T&gt;</c>,
/// <c>Task&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;T&gt;</c> back, see <see cref="ContractMethodShape"/>) gets a handler
/// of ours that validates, calls the service's own method through a delegate made once here and translates failures,
/// with no interceptor pipeline and no reshaping per call. Any other shape protobuf-net.Grpc serves is bound as it binds
/// it (its method stub's <c>CreateDelegate</c>), behind <see cref="ValidationInterceptor"/> and
/// <see cref="FailureTranslationInterceptor"/>, so every method is checked and translated alike.
/// </summary>
internal sealed class ContractMethodBinder(CallFailureTranslator translator, ValidationInterceptor validation, FailureTranslationInterceptor translation)
    : ServerBinder
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

        var metadata = bindContext.GetMetadata(stub.Method);
        var shape = ContractMethodShape.Of(stub.Method, method.Type, typeof(TRequest), typeof(TResponse));
        if (shape.Problem is not null)
        {
            return BindThroughInterceptors(context, method, metadata, stub);
        }

        var implementation = ImplementationOf(typeof(TService), stub.Method);
        switch (method.Type)
        {
            case MethodType.Unary:
                var unary = new UnaryMethodHandler<TService, TRequest, TResponse>(
                    ServiceCall.ForResult<TService, TRequest, TResponse>(implementation, shape.ReturnsTask), translator);
                context.AddUnaryMethod(method, metadata, unary.Handle);
                return true;
            case MethodType.ServerStreaming:
                var serverStreaming = new ServerStreamingMethodHandler<TService, TRequest, TResponse>(
                    ServiceCall.ForStream<TService, TRequest, TResponse>(implementation), translator);
                context.AddServerStreamingMethod(method, metadata, serverStreaming.Handle);
                return true;
            case MethodType.ClientStreaming:
                var clientStreaming = new ClientStreamingMethodHandler<TService, TRequest, TResponse>(
                    ServiceCall.ForResult<TService, IAsyncEnumerable<TRequest>, TResponse>(implementation, shape.ReturnsTask), translator);
                context.AddClientStreamingMethod(method, metadata, clientStreaming.Handle);
                return true;
            case MethodType.DuplexStreaming:
                var duplex = new DuplexStreamingMethodHandler<TService, TRequest, TResponse>(
                    ServiceCall.ForStream<TService, IAsyncEnumerable<TRequest>, TResponse>(implementation), translator);
                context.AddDuplexStreamingMethod(method, metadata, duplex.Handle);
                return true;
            default:
                _errors.Add($"{method.FullName}: call kind {method.Type} is not supported.");
                return false;
        }
    }

    protected override void OnError(string message, object?[]? args = null) =>
        _errors.Add(args is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, args) : message);

    /// <summary>protobuf-net.Grpc's own invoker for the method, with the two interceptors composed around it once.</summary>
    private bool BindThroughInterceptors<TService, TRequest, TResponse>(
        ServiceMethodProviderContext<TService> context, Method<TRequest, TResponse> method, IList<object> metadata, MethodStub<TService> stub)
        where TService : class
        where TRequest : class
        where TResponse : class
    {
        switch (method.Type)
        {
            case MethodType.Unary:
                var unary = stub.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>();
                context.AddUnaryMethod(method, metadata, (service, request, call) =>
                    translation.UnaryServerHandler(request, call, (r, c) => validation.UnaryServerHandler(r, c, (vr, vc) => unary(service, vr, vc))));
                return true;
            case MethodType.ServerStreaming:
                var serverStreaming = stub.CreateDelegate<ServerStreamingServerMethod<TService, TRequest, TResponse>>();
                context.AddServerStreamingMethod(method, metadata, (service, request, responses, call) =>
                    translation.ServerStreamingServerHandler(request, responses, call, (r, w, c) =>
                        validation.ServerStreamingServerHandler(r, w, c, (vr, vw, vc) => serverStreaming(service, vr, vw, vc))));
                return true;
            case MethodType.ClientStreaming:
                var clientStreaming = stub.CreateDelegate<ClientStreamingServerMethod<TService, TRequest, TResponse>>();
                context.AddClientStreamingMethod(method, metadata, (service, requests, call) =>
                    translation.ClientStreamingServerHandler(requests, call, (r, c) =>
                        validation.ClientStreamingServerHandler(r, c, (vr, vc) => clientStreaming(service, vr, vc))));
                return true;
            case MethodType.DuplexStreaming:
                var duplex = stub.CreateDelegate<DuplexStreamingServerMethod<TService, TRequest, TResponse>>();
                context.AddDuplexStreamingMethod(method, metadata, (service, requests, responses, call) =>
                    translation.DuplexStreamingServerHandler(requests, responses, call, (r, w, c) =>
                        validation.DuplexStreamingServerHandler(r, w, c, (vr, vw, vc) => duplex(service, vr, vw, vc))));
                return true;
            default:
                _errors.Add($"{method.FullName}: call kind {method.Type} is not supported.");
                return false;
        }
    }

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
