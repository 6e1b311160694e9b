using Grpc.Core;
using Grpc.Core.Interceptors;
using CodeFirst.AspNetCore.Errors;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Ends a call whose service failed with anything but an <see cref="RpcException"/> with the status
/// <see cref="CallFailureTranslator"/> gives it (<c>CANCELLED</c>, <c>DEADLINE_EXCEEDED</c>, or <c>INTERNAL</c> with an
/// error id), never Grpc.AspNetCore's <c>UNKNOWN</c>.
/// </summary>
internal sealed class FailureTranslationInterceptor(CallFailureTranslator translator) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Task<TResponse> pending;
        try
        {
            pending = continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }

        // A call the service completed synchronously costs no state machine.
        return pending.IsCompletedSuccessfully ? pending : AwaitAsync(pending, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Task<TResponse> pending;
        try
        {
            pending = continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }

        return pending.IsCompletedSuccessfully ? pending : AwaitAsync(pending, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }
    }

    private async Task<T> AwaitAsync<T>(Task<T> pending, ServerCallContext context)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }
    }
}
