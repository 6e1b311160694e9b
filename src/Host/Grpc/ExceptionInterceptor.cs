using Grpc.Core;
using Grpc.Core.Interceptors;
using ProdStock.Host.Errors;

namespace ProdStock.Host.Grpc;

/// <summary>
/// Lets every <see cref="RpcException"/> through as the services threw it and turns anything else into a status:
/// a cancelled call into <c>CANCELLED</c> (or <c>DEADLINE_EXCEEDED</c>), any other exception into <c>INTERNAL</c> with an
/// error id and no stack trace; the exception itself is logged under that id.
/// </summary>
internal sealed class ExceptionInterceptor(CallFailureTranslator translator) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Task<TResponse> call;
        try
        {
            call = continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }

        // Most unary calls complete synchronously (the store answers from its pool): no state machine for them.
        return call.IsCompletedSuccessfully ? call : AwaitUnary(call, context);
    }

    private async Task<TResponse> AwaitUnary<TResponse>(Task<TResponse> call, ServerCallContext context)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
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
            throw Translate(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context) =>
        translator.Translate(exception, context.Method, context.CancellationToken.IsCancellationRequested, context.Deadline <= DateTime.UtcNow);
}
