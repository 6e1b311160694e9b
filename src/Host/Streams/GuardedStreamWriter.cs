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
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
            ? CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken)
            : null;
        try
        {
            await inner.WriteAsync(message, linked?.Token ?? token).ConfigureAwait(false);
        }
        catch (Exception) when (wait.EndedByGuard && !cancellationToken.IsCancellationRequested)
        {
            throw wait.Failure();
        }

        wait.End();
    }
}
