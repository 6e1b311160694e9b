using Grpc.Core;

namespace ProdStock.Host.Streams;

/// <summary>The client's messages of a streaming call, each awaited no longer than the <see cref="StreamWait"/> allows.</summary>
internal sealed class GuardedStreamReader<T>(IAsyncStreamReader<T> inner, StreamWait wait, CancellationToken callToken) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var token = wait.Begin();
        // The handler usually passes the call's own token, which the wait already follows; anything else is linked.
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
            ? CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken)
            : null;
        bool more;
        try
        {
            more = await inner.MoveNext(linked?.Token ?? token).ConfigureAwait(false);
        }
        catch (Exception) when (wait.EndedByGuard && !cancellationToken.IsCancellationRequested)
        {
            throw wait.Failure();
        }

        wait.End();
        return more;
    }
}
