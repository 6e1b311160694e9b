using System.Diagnostics;
using CodeFirst.AspNetCore;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ProdStock.Host.Logging;

/// <summary>
/// Writes the <see cref="CallLog"/> line of every gRPC call. It runs first, around the toolkit's interceptors, so it sees
/// the status the client gets: a validation failure's <c>INVALID_ARGUMENT</c>, an unexpected exception already turned
/// into <c>INTERNAL</c> with its error id. A successful call costs a timestamp and two checks; no await of its own when
/// the service completes synchronously.
/// </summary>
internal sealed class CallLoggingInterceptor(CallLog log) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        Task<TResponse> pending;
        try
        {
            pending = continuation(request, context);
        }
        catch (Exception ex)
        {
            Failed(context, ex, started);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Completed(context, started);
            return pending;
        }

        return AwaitAsync(pending, context, started);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        Task<TResponse> pending;
        try
        {
            pending = continuation(requestStream, context);
        }
        catch (Exception ex)
        {
            Failed(context, ex, started);
            throw;
        }

        return AwaitAsync(pending, context, started);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Failed(context, ex, started);
            throw;
        }

        Completed(context, started);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Failed(context, ex, started);
            throw;
        }

        Completed(context, started);
    }

    private async Task<T> AwaitAsync<T>(Task<T> pending, ServerCallContext context, long started)
    {
        T response;
        try
        {
            response = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Failed(context, ex, started);
            throw;
        }

        Completed(context, started);
        return response;
    }

    /// <summary>A call the service completed; a status it set without throwing (<see cref="ServerCallContext.Status"/>) is a failure too.</summary>
    private void Completed(ServerCallContext context, long started)
    {
        var status = context.Status.StatusCode;
        if (status != StatusCode.OK)
        {
            Log(context, status, errorId: null, started);
        }
        else if (log.IsEnabled(LogLevel.Debug))
        {
            log.GrpcCallCompleted(context.Method, CallLog.MillisecondsSince(started), CallLog.ClientOf(context.GetHttpContext()));
        }
    }

    /// <summary>
    /// A call that threw: an <see cref="RpcException"/> is its status (with the toolkit's error id); anything else, which
    /// the toolkit's interceptor lets through only if it is not registered, ends <c>UNKNOWN</c> in Grpc.AspNetCore.
    /// </summary>
    private void Failed(ServerCallContext context, Exception exception, long started)
    {
        if (exception is RpcException rpc)
        {
            Log(context, rpc.StatusCode, rpc.GetErrorId(), started);
        }
        else
        {
            Log(context, StatusCode.Unknown, errorId: null, started);
        }
    }

    private void Log(ServerCallContext context, StatusCode status, string? errorId, long started)
    {
        var level = CallLog.LevelOf(status);
        if (log.IsEnabled(level))
        {
            log.GrpcCallFailed(level, context.Method, status, CallLog.MillisecondsSince(started), CallLog.ClientOf(context.GetHttpContext()), errorId);
        }
    }
}
