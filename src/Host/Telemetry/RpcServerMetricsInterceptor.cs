using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ProdStock.Services.Telemetry;

namespace ProdStock.Host.Telemetry;

/// <summary>
/// Records <c>rpc.server.duration</c> (milliseconds, a histogram) for every gRPC call that reaches the services, with
/// <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c> and <c>rpc.grpc.status_code</c>. It runs first in the
/// interceptor pipeline, so calls refused by validation are measured with the status the client sees. Calls that never
/// reach an interceptor (a request that is not valid protobuf, an unknown method) are not measured; ASP.NET Core's
/// <c>http.server.request.duration</c> still counts them. While nothing listens to the instrument it only passes calls on.
/// </summary>
internal sealed class RpcServerMetricsInterceptor : Interceptor
{
    /// <summary>The instrument's name.</summary>
    public const string InstrumentName = "rpc.server.duration";

    /// <summary>Bucket bounds in milliseconds: gRPC calls served from memory take well under one.</summary>
    private static readonly double[] BucketBounds = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];

    private readonly Histogram<double> _duration;

    public RpcServerMetricsInterceptor(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _duration = meterFactory.Create(StoreTelemetry.MeterName).CreateHistogram(
            InstrumentName,
            "ms",
            "Duration of gRPC calls as the server measures them, by rpc.method and rpc.grpc.status_code.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BucketBounds });
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        _duration.Enabled ? MeasureUnaryAsync(request, context, continuation) : continuation(request, context);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        _duration.Enabled ? MeasureClientStreamingAsync(requestStream, context, continuation) : continuation(requestStream, context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        _duration.Enabled ? MeasureServerStreamingAsync(request, responseStream, context, continuation) : continuation(request, responseStream, context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        _duration.Enabled ? MeasureDuplexAsync(requestStream, responseStream, context, continuation) : continuation(requestStream, responseStream, context);

    // One method per call kind rather than one over a delegate: measuring a call allocates no closure.
    private async Task<TResponse> MeasureUnaryAsync<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Record(context, started, context.Status.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            Record(context, started, StatusOf(ex));
            throw;
        }
    }

    private async Task<TResponse> MeasureClientStreamingAsync<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            Record(context, started, context.Status.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            Record(context, started, StatusOf(ex));
            throw;
        }
    }

    private async Task MeasureServerStreamingAsync<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            Record(context, started, context.Status.StatusCode);
        }
        catch (Exception ex)
        {
            Record(context, started, StatusOf(ex));
            throw;
        }
    }

    private async Task MeasureDuplexAsync<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            Record(context, started, context.Status.StatusCode);
        }
        catch (Exception ex)
        {
            Record(context, started, StatusOf(ex));
            throw;
        }
    }

    /// <summary>The interceptors after this one turn every failure into an <see cref="RpcException"/>; anything else is <c>UNKNOWN</c> to the client.</summary>
    private static StatusCode StatusOf(Exception exception) => exception is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown;

    private void Record(ServerCallContext context, long started, StatusCode status)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var method = RpcMethodName.Of(context.Method) ?? new RpcMethodName(context.Method, context.Method);
        var tags = new TagList
        {
            { RpcAttributes.System, RpcAttributes.Grpc },
            { RpcAttributes.Service, method.Service },
            { RpcAttributes.Method, method.Method },
            { RpcAttributes.GrpcStatusCode, RpcAttributes.Boxed((int)status) },
        };
        _duration.Record(elapsed, tags);
    }
}
