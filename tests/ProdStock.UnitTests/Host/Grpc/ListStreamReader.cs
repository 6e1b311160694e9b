using Grpc.Core;

namespace ProdStock.UnitTests.Host.Grpc;

/// <summary>A request stream over a fixed list of messages.</summary>
internal sealed class ListStreamReader<T>(params T[] messages) : IAsyncStreamReader<T>
{
    private int _next = -1;

    public int Read => Math.Max(_next, 0);

    public T Current => messages[_next];

    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _next++;
        return Task.FromResult(_next < messages.Length);
    }
}
