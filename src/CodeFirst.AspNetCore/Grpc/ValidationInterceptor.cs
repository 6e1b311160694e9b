using Grpc.Core;
using Grpc.Core.Interceptors;
using CodeFirst.Validation;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Checks every request message against the rules declared on its contract type before the service sees it: a unary
/// or server-streaming request on arrival, each message of a request stream as the service reads it. An invalid message
/// ends the call with <c>INVALID_ARGUMENT</c> naming the field.
/// </summary>
internal sealed class ValidationInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Validators<TRequest>.Instance.ThrowIfInvalid(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Validators<TRequest>.Instance.ThrowIfInvalid(request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new ValidatingStreamReader<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new ValidatingStreamReader<TRequest>(requestStream), responseStream, context);

    /// <summary>One validator per request type, its rules resolved once.</summary>
    private static class Validators<TRequest>
        where TRequest : class
    {
        public static readonly MessageValidator<TRequest> Instance = MessageValidator.For<TRequest>();
    }

    /// <summary>
    /// Validates each message as the service reads it. A message already received (the common case) is validated and
    /// handed over synchronously, with no state machine; only a read still waiting for the client awaits.
    /// </summary>
    private sealed class ValidatingStreamReader<TRequest>(IAsyncStreamReader<TRequest> requests) : IAsyncStreamReader<TRequest>
        where TRequest : class
    {
        public TRequest Current => requests.Current;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var next = requests.MoveNext(cancellationToken);
            if (!next.IsCompletedSuccessfully)
            {
                return ValidateWhenReceived(next);
            }

            if (next.Result)
            {
                Validators<TRequest>.Instance.ThrowIfInvalid(requests.Current);
            }

            return next;
        }

        private async Task<bool> ValidateWhenReceived(Task<bool> next)
        {
            if (!await next.ConfigureAwait(false))
            {
                return false;
            }

            Validators<TRequest>.Instance.ThrowIfInvalid(requests.Current);
            return true;
        }
    }
}
