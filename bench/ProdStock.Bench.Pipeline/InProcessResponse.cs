using Microsoft.AspNetCore.Http;
using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// The response side of an <see cref="InProcessStream"/>: status, headers, trailers and a body kept in one reused
/// buffer. The response starts (its <c>OnStarting</c> callbacks run) at the first flush, <see cref="StartAsync"/> or
/// completion, as on Kestrel.
/// </summary>
internal sealed class InProcessResponse : IHttpResponseFeature, IHttpResponseBodyFeature, IHttpResponseTrailersFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = [];
    private readonly BodyWriter _writer;
    private Stream? _stream;

    public InProcessResponse() => _writer = new BodyWriter(this);

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();

    public bool HasStarted { get; private set; }

    /// <summary>What the application wrote to the body so far.</summary>
    public ReadOnlyMemory<byte> WrittenBody => _writer.Written;

    public Stream Stream => _stream ??= _writer.AsStream(leaveOpen: true);

    Stream IHttpResponseFeature.Body
    {
        get => Stream;
        set => throw new NotSupportedException("The in-process response body cannot be replaced.");
    }

    public PipeWriter Writer => _writer;

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        HasStarted ? Task.CompletedTask : StartCoreAsync();

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The in-process response does not send files.");

    public Task CompleteAsync() => StartAsync();

    /// <summary>Runs the <c>OnCompleted</c> callbacks, last registered first, as Kestrel does.</summary>
    public async Task FireOnCompletedAsync()
    {
        for (var i = _onCompleted.Count - 1; i >= 0; i--)
        {
            await _onCompleted[i].Callback(_onCompleted[i].State).ConfigureAwait(false);
        }

        _onCompleted.Clear();
    }

    public void Reset()
    {
        StatusCode = StatusCodes.Status200OK;
        ReasonPhrase = null;
        Headers.Clear();
        Trailers.Clear();
        HasStarted = false;
        _onStarting.Clear();
        _onCompleted.Clear();
        _writer.Reset();
    }

    private async Task StartCoreAsync()
    {
        HasStarted = true;
        for (var i = _onStarting.Count - 1; i >= 0; i--)
        {
            await _onStarting[i].Callback(_onStarting[i].State).ConfigureAwait(false);
        }

        _onStarting.Clear();
    }

    /// <summary>Writes into one growing buffer that is reused from call to call; a flush starts the response.</summary>
    private sealed class BodyWriter(InProcessResponse response) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

        public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

        public void Reset() => _buffer.ResetWrittenCount();

        public override void Advance(int bytes) => _buffer.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            if (response.HasStarted)
            {
                return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
            }

            return StartThenFlushAsync();
        }

        private async ValueTask<FlushResult> StartThenFlushAsync()
        {
            await response.StartAsync().ConfigureAwait(false);
            return new FlushResult(isCanceled: false, isCompleted: false);
        }
    }
}
