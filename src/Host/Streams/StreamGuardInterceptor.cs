using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Streams;

/// <summary>
/// Bounds every streaming call, whatever its service: a read that gets no message for
/// <see cref="LimitsOptions.StreamIdleTimeout"/> ends the call <c>DEADLINE_EXCEEDED</c>; a write the client does not take
/// for that long ends it too, with a stream reset (the client, which reads nothing, sees <c>CANCELLED</c>). When the
/// host starts stopping, pending reads and every later read or write end the call <c>UNAVAILABLE</c> ("server shutting
/// down"), sent as trailers, so Kestrel's drain soon finds nothing in flight and clients retry elsewhere. Unary calls
/// pass untouched: they finish. (How many streaming calls may be open at once is <see cref="StreamingCallGateMiddleware"/>'s.)
/// It is the innermost interceptor, so the status it sets is what the toolkit's and the call log's interceptors see.
/// </summary>
internal sealed class StreamGuardInterceptor(IOptions<LimitsOptions> options, IHostApplicationLifetime lifetime, StreamGuardLog log) : Interceptor
{
    private readonly TimeSpan _timeout = options.Value.StreamIdleTimeout;

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var reads = Wait(context, StreamDirection.Read);
        return await continuation(new GuardedStreamReader<TRequest>(requestStream, reads, context.CancellationToken), context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var writes = Wait(context, StreamDirection.Write);
        await continuation(request, new GuardedStreamWriter<TResponse>(responseStream, writes, context.CancellationToken), context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var reads = Wait(context, StreamDirection.Read);
        using var writes = Wait(context, StreamDirection.Write);
        await continuation(
            new GuardedStreamReader<TRequest>(requestStream, reads, context.CancellationToken),
            new GuardedStreamWriter<TResponse>(responseStream, writes, context.CancellationToken),
            context).ConfigureAwait(false);
    }

    private StreamWait Wait(ServerCallContext context, StreamDirection direction) =>
        new(context, lifetime.ApplicationStopping, _timeout, log, direction);
}
