using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace ProdStock.Host.Streams;

/// <summary>
/// The waits of one direction (reads or writes) of one streaming call: each is cancelled when the client keeps it
/// waiting longer than the idle timeout; the call then ends instead of holding its request, its buffers and its
/// connection. Once the host is stopping, a new wait ends the call <c>UNAVAILABLE</c>, and so does a pending read; a
/// pending write is left to finish, because ending a write resets the stream, and a slow reader should get its
/// trailers. One cancellation source per direction, re-armed per wait, so a busy stream costs a
/// timer change per message, not an allocation.
/// </summary>
internal sealed class StreamWait : IDisposable
{
    // RFC 9113, section 7: CANCEL, which clients report as CANCELLED.
    private const int Http2CancelErrorCode = 0x8;

    private readonly ServerCallContext _call;
    private readonly CancellationToken _stopping;
    private readonly TimeSpan _timeout;
    private readonly StreamGuardLog _log;
    private readonly StreamDirection _direction;
    private CancellationTokenSource _source;
    private CancellationTokenSource? _writeEnd;

    public StreamWait(ServerCallContext call, CancellationToken stopping, TimeSpan timeout, StreamGuardLog log, StreamDirection direction)
    {
        _call = call;
        _stopping = stopping;
        _timeout = timeout;
        _log = log;
        _direction = direction;
        _source = NewSource();
    }

    /// <summary>Starts a wait: the token is cancelled after the idle timeout (a read's also at shutdown).</summary>
    public CancellationToken Begin()
    {
        if (_stopping.IsCancellationRequested)
        {
            throw ShuttingDown();
        }

        _source.CancelAfter(_timeout);
        return _source.Token;
    }

    /// <summary>Ends a wait that completed; a timer that fired just as it completed must not fail the next wait.</summary>
    public void End()
    {
        if (!_source.TryReset() && !_stopping.IsCancellationRequested)
        {
            _source.Dispose();
            _source = NewSource();
        }
    }

    /// <summary>
    /// Whether a failed wait was ended by this guard (idle timeout, or shutdown for a read) rather than by the client;
    /// then <see cref="Failure"/> is the status to end the call with. The call's own token is not linked: a cancelled
    /// write aborts the request, which must not hide that the timer ended it.
    /// </summary>
    public bool EndedByGuard => _source.IsCancellationRequested;

    /// <summary><c>UNAVAILABLE</c> at shutdown (clients retry elsewhere), else <c>DEADLINE_EXCEEDED</c> with one log line.</summary>
    public RpcException Failure()
    {
        if (_stopping.IsCancellationRequested && _direction == StreamDirection.Read)
        {
            return ShuttingDown();
        }

        _log.StreamIdle(_call, _direction, _timeout);
        return new RpcException(new Status(StatusCode.DeadlineExceeded, _direction == StreamDirection.Read
            ? $"no message from the client for {_timeout.TotalSeconds:0.###} s"
            : $"the client read nothing for {_timeout.TotalSeconds:0.###} s"));
    }

    /// <summary>The token a write is made with, cancelled by <see cref="EndWrite"/>; never cancelled while the call goes on.</summary>
    public CancellationToken WriteToken => (_writeEnd ??= new CancellationTokenSource()).Token;

    /// <summary>
    /// Ends a write the client left waiting: resets the call's stream with <c>CANCEL</c> (clients see <c>CANCELLED</c>;
    /// a transport without resets, not HTTP/2, is aborted), then cancels the write, which the reset may leave waiting
    /// for HTTP/2 flow control.
    /// </summary>
    public void EndWrite()
    {
        var http = _call.GetHttpContext();
        if (http.Features.Get<IHttpResetFeature>() is { } reset)
        {
            reset.Reset(Http2CancelErrorCode);
        }
        else
        {
            http.Abort();
        }

        _writeEnd?.Cancel();
    }

    public void Dispose()
    {
        _source.Dispose();
        _writeEnd?.Dispose();
    }

    private CancellationTokenSource NewSource() => _direction == StreamDirection.Read
        ? CancellationTokenSource.CreateLinkedTokenSource(_stopping)
        : new CancellationTokenSource();

    private static RpcException ShuttingDown() => new(new Status(StatusCode.Unavailable, "server shutting down"));
}
