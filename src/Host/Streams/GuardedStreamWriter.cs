using Grpc.Core;

namespace ProdStock.Host.Streams;

/// <summary>
/// The answers of a streaming call. A write completes once the transport took the message; when the client reads
/// nothing, HTTP/2 flow control holds it, and the <see cref="StreamWait"/> ends it after the idle timeout.
/// </summary>
internal sealed class GuardedStreamWriter<T>(IServerStreamWriter<T> inner, StreamWait wait, CancellationToken callToken) : IServerStreamWriter<T>
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        var token = wait.Begin();
        // On idle timeout the stream is reset first, then the write is cancelled (StreamWait.EndWrite). Cancelling the
        // write alone let Kestrel reset the stream INTERNAL_ERROR at times (3 runs in 14 under load): grpc-dotnet resets
        // it CANCEL from a callback of the write's token that could run after the write had failed and the handler had
        // ended. Resetting alone left a write waiting on flow control now and then (1 run in 12).
        using var onIdle = token.UnsafeRegister(static state => ((StreamWait)state!).EndWrite(), wait);
        // The handler usually passes the call's own token, which the reset cancels anyway; anything else is linked.
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
            ? CancellationTokenSource.CreateLinkedTokenSource(wait.WriteToken, cancellationToken)
            : null;
        try
        {
            await inner.WriteAsync(message, linked?.Token ?? wait.WriteToken).ConfigureAwait(false);
        }
        catch (Exception) when (wait.EndedByGuard)
        {
            // The reset aborts the request, which cancels the call's token too: whatever token the write had, the
            // timer ended it.
            throw wait.Failure();
        }

        wait.End();
    }
}
