using System.Runtime.CompilerServices;
using Grpc.Core;
using CodeFirst.AspNetCore.Grpc;
using CodeFirst.Schema;
using ProtoBuf.Grpc;
using CodeFirst.Model;

namespace CodeFirst.AspNetCore.Gateway.Invocation;

/// <summary>
/// Calls one contract method on whatever implements the contract: the service itself (in-process gateway) or a
/// ClientSdk proxy (remote gateway), so both share one code path and the business rules live in the services only.
/// </summary>
internal abstract class OperationInvoker
{
    public abstract ValueTask<object> UnaryAsync(object service, object request, CallContext context);

    public abstract IAsyncEnumerable<object> ServerStreaming(object service, object request, CallContext context);

    public abstract Task<object> ClientStreamingAsync(object service, IAsyncEnumerable<object> requests, CallContext context);

    public static OperationInvoker Create(OperationModel operation)
    {
        var type = typeof(OperationInvoker<,,>).MakeGenericType(operation.ContractMethod.DeclaringType!, operation.RequestType, operation.ResponseType);
        try
        {
            return (OperationInvoker)Activator.CreateInstance(type, operation)!;
        }
        catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException); // the constructor's own error, not reflection's wrapper
            throw;
        }
    }
}

/// <summary>The typed invoker: a delegate over the contract method, made once per route.</summary>
internal sealed class OperationInvoker<TService, TRequest, TResponse> : OperationInvoker
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly Func<TService, TRequest, CallContext, ValueTask<TResponse>>? _unary;
    private readonly Func<TService, TRequest, CallContext, IAsyncEnumerable<TResponse>>? _serverStreaming;
    private readonly Func<TService, IAsyncEnumerable<TRequest>, CallContext, ValueTask<TResponse>>? _clientStreaming;

    public OperationInvoker(OperationModel operation)
    {
        var method = operation.ContractMethod;
        if (operation.Kind is MethodType.DuplexStreaming)
        {
            throw new NotSupportedException($"{operation.ServiceName}/{operation.MethodName}: {operation.Kind} calls cannot be carried over HTTP/JSON.");
        }

        // The same served shapes as the gRPC handlers (ValueTask<T> or Task<T>, IAsyncEnumerable<T>; a CallContext).
        var shape = ContractMethodShape.Of(method, operation.Kind, typeof(TRequest), typeof(TResponse));
        if (shape.Problem is { } problem)
        {
            throw new NotSupportedException($"{method.DeclaringType!.Name}.{method.Name} cannot be served over HTTP/JSON: {problem}");
        }

        switch (operation.Kind)
        {
            case MethodType.Unary:
                _unary = ServiceCall.ForResult<TService, TRequest, TResponse>(method, shape.ReturnsTask);
                break;
            case MethodType.ServerStreaming:
                _serverStreaming = ServiceCall.ForStream<TService, TRequest, TResponse>(method);
                break;
            default:
                _clientStreaming = ServiceCall.ForResult<TService, IAsyncEnumerable<TRequest>, TResponse>(method, shape.ReturnsTask);
                break;
        }
    }

    public override async ValueTask<object> UnaryAsync(object service, object request, CallContext context) =>
        await _unary!((TService)service, (TRequest)request, context).ConfigureAwait(false);

    public override async IAsyncEnumerable<object> ServerStreaming(object service, object request, CallContext context)
    {
        await foreach (var response in _serverStreaming!((TService)service, (TRequest)request, context).ConfigureAwait(false))
        {
            yield return response;
        }
    }

    public override async Task<object> ClientStreamingAsync(object service, IAsyncEnumerable<object> requests, CallContext context) =>
        await _clientStreaming!((TService)service, Cast(requests), context).ConfigureAwait(false);

    private static async IAsyncEnumerable<TRequest> Cast(IAsyncEnumerable<object> requests, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var request in requests.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return (TRequest)request;
        }
    }
}
