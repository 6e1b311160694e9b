using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// A request stream of the <see cref="InProcessServer"/>: sends one request at a time through the application's
/// pipeline and keeps the answer (status, headers, trailers, body) until the next request. Like Kestrel's HTTP/2
/// streams it reuses its features and the hosting context from call to call, so the measured allocations are the
/// application's. A call that does not complete synchronously is awaited; nothing runs in the background.
/// </summary>
internal abstract class InProcessStream
{
    /// <summary>The response's HTTP status code.</summary>
    public abstract int StatusCode { get; }

    /// <summary>The response headers of the last call.</summary>
    public abstract IHeaderDictionary ResponseHeaders { get; }

    /// <summary>The response trailers of the last call.</summary>
    public abstract IHeaderDictionary ResponseTrailers { get; }

    /// <summary>The response body of the last call; valid until the next call.</summary>
    public abstract ReadOnlyMemory<byte> ResponseBody { get; }

    /// <summary>Whether the application aborted the last call (as it would reset an HTTP/2 stream).</summary>
    public abstract bool Aborted { get; }

    /// <summary>
    /// The gRPC status of the last call: <c>grpc-status</c> from the trailers, or from the headers of a trailers-only
    /// answer; <see langword="null"/> when the answer has neither.
    /// </summary>
    public int? GrpcStatus =>
        int.TryParse(FirstOf("grpc-status"), out var status) ? status : null;

    /// <summary>The <c>grpc-message</c> of the last call, if any.</summary>
    public string? GrpcMessage => FirstOf("grpc-message");

    /// <summary>
    /// Sends a gRPC request: <c>POST</c> over HTTP/2 to <paramref name="path"/> with <c>content-type: application/grpc</c>
    /// and <paramref name="body"/> (length-prefixed messages, see <see cref="GrpcFrames"/>) as the whole request body.
    /// </summary>
    public abstract ValueTask SendAsync(string path, ReadOnlyMemory<byte> body);

    private string? FirstOf(string name)
    {
        var value = ResponseTrailers[name];
        if (StringValues.IsNullOrEmpty(value))
        {
            value = ResponseHeaders[name];
        }

        return StringValues.IsNullOrEmpty(value) ? null : value[0];
    }
}

/// <summary>The stream for an application whose hosting context is <typeparamref name="TContext"/>.</summary>
internal sealed class InProcessStream<TContext>
    : InProcessStream,
      IHttpRequestLifetimeFeature,
      IHttpRequestBodyDetectionFeature,
      IRequestBodyPipeFeature
    where TContext : notnull
{
    private readonly IHttpApplication<TContext> _application;
    private readonly HttpRequestFeature _request = new() { Headers = new HeaderDictionary() };
    private readonly InProcessResponse _response = new();
    private readonly InProcessRequestBody _requestBody = new();
    private readonly StreamFeatures<TContext> _features;
    private CancellationTokenSource _aborting = new();

    public InProcessStream(IHttpApplication<TContext> application, IDictionary<object, object?> connectionItems)
    {
        _application = application;
        _features = new StreamFeatures<TContext>(new InProcessConnection(connectionItems));
        _features.SetTransportFeature<IHttpRequestFeature>(_request);
        _features.SetTransportFeature<IHttpResponseFeature>(_response);
        _features.SetTransportFeature<IHttpResponseBodyFeature>(_response);
        _features.SetTransportFeature<IHttpResponseTrailersFeature>(_response);
        _features.SetTransportFeature<IHttpRequestLifetimeFeature>(this);
        _features.SetTransportFeature<IHttpRequestBodyDetectionFeature>(this);
        _features.SetTransportFeature<IRequestBodyPipeFeature>(this);
    }

    public override int StatusCode => _response.StatusCode;

    public override IHeaderDictionary ResponseHeaders => _response.Headers;

    public override IHeaderDictionary ResponseTrailers => _response.Trailers;

    public override ReadOnlyMemory<byte> ResponseBody => _response.WrittenBody;

    public override bool Aborted => _aborting.IsCancellationRequested;

    CancellationToken IHttpRequestLifetimeFeature.RequestAborted
    {
        get => _aborting.Token;
        set => throw new NotSupportedException("The in-process stream owns its abort token.");
    }

    bool IHttpRequestBodyDetectionFeature.CanHaveBody => true;

    PipeReader IRequestBodyPipeFeature.Reader => _requestBody;

    void IHttpRequestLifetimeFeature.Abort() => _aborting.Cancel();

    public override async ValueTask SendAsync(string path, ReadOnlyMemory<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Reset(path, body);
        var context = _application.CreateContext(_features);
        Exception? failure = null;
        try
        {
            await _application.ProcessRequestAsync(context).ConfigureAwait(false);
            // What Kestrel does when the application returns: the response starts (if it had not) and completes.
            await _response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            await _response.FireOnCompletedAsync().ConfigureAwait(false);
            _application.DisposeContext(context, failure);
        }
    }

    private void Reset(string path, ReadOnlyMemory<byte> body)
    {
        _features.ResetCallFeatures();
        if (_aborting.IsCancellationRequested)
        {
            _aborting.Dispose();
            _aborting = new CancellationTokenSource();
        }

        _request.Protocol = "HTTP/2";
        _request.Scheme = "https";
        _request.Method = "POST";
        _request.PathBase = string.Empty;
        _request.Path = path;
        _request.QueryString = string.Empty;
        _request.RawTarget = path;
        _request.Headers.Clear();
        _request.Headers.ContentType = "application/grpc";
        _request.Headers.TE = "trailers";
        _requestBody.Reset(body);
        _response.Reset();
    }
}
