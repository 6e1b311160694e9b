using Grpc.Core;
using Grpc.Core.Interceptors;
using CodeFirst.Validation;

namespace ProdStock.ClientSdk.Internal;

/// <summary>
/// Fails fast: validates the request of unary and server-streaming calls with <see cref="MessageValidator"/> before it
/// is sent, and fails the call with the same <c>INVALID_ARGUMENT</c> exception (status detail and
/// <c>google.rpc.BadRequest</c> trailer) the server would send. Streamed requests are validated as they are enumerated
/// by <see cref="StreamingUserServiceClient"/>, which knows how to end such a call. Nothing invalid goes on the wire.
/// </summary>
internal sealed class RequestValidationInterceptor : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var result = MessageValidator.Validate(request);
        if (result.IsValid)
        {
            return continuation(request, context);
        }

        var error = result.ToRpcException();
        return new AsyncUnaryCall<TResponse>(
            Task.FromException<TResponse>(error), Task.FromResult(new Metadata()), () => error.Status, () => error.Trailers, () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        MessageValidator.ThrowIfInvalid(request);
        return continuation(request, context);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var result = MessageValidator.Validate(request);
        if (result.IsValid)
        {
            return continuation(request, context);
        }

        var error = result.ToRpcException();
        return new AsyncServerStreamingCall<TResponse>(
            new FailedStreamReader<TResponse>(error), Task.FromResult(new Metadata()), () => error.Status, () => error.Trailers, () => { });
    }

    private sealed class FailedStreamReader<T>(RpcException error) : IAsyncStreamReader<T>
    {
        public T Current => throw new InvalidOperationException("The call failed before any message was read.");

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromException<bool>(error);
    }
}
