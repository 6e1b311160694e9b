using Grpc.Core;
using Grpc.Core.Interceptors;
using ProdStock.Contracts.Validation;

namespace ProdStock.Host.Grpc;

/// <summary>
/// Validates every request message with <see cref="MessageValidator"/> before the service sees it, in all four call
/// kinds: the request of unary and server-streaming calls up front, each message of client and duplex streams as it is
/// read. An invalid message ends the call with <c>INVALID_ARGUMENT</c> and a <c>google.rpc.BadRequest</c> detail; answers to
/// earlier messages of a duplex stream stay sent, and nothing of the invalid message reaches the service.
/// </summary>
internal sealed class ValidationInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        MessageValidator.ThrowIfInvalid(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        MessageValidator.ThrowIfInvalid(request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new ValidatingStreamReader<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new ValidatingStreamReader<TRequest>(requestStream), responseStream, context);

    private sealed class ValidatingStreamReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
        where T : class
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            MessageValidator.ThrowIfInvalid(inner.Current);
            return true;
        }
    }
}
