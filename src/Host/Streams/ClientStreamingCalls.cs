namespace ProdStock.Host.Streams;

/// <summary>
/// The client-streaming and duplex calls in the host's pipeline, so a stopping host can wait until their clients have
/// let go of them (see <see cref="ShutdownTrailers"/>) before Kestrel starts closing connections.
/// </summary>
internal sealed class ClientStreamingCalls
{
    private readonly Lock _lock = new();
    private int _open;
    private TaskCompletionSource? _none;

    /// <summary>Counts one call until the returned <see cref="Call"/> is disposed.</summary>
    public Call Enter()
    {
        lock (_lock)
        {
            _open++;
        }

        return new Call(this);
    }

    /// <summary>Completes once no call is counted.</summary>
    public Task WhenNoneAsync()
    {
        lock (_lock)
        {
            return _open == 0 ? Task.CompletedTask : (_none ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    private void Exit()
    {
        TaskCompletionSource? none = null;
        lock (_lock)
        {
            if (--_open == 0)
            {
                (none, _none) = (_none, null);
            }
        }

        none?.TrySetResult();
    }

    public readonly struct Call(ClientStreamingCalls calls) : IDisposable
    {
        public void Dispose() => calls.Exit();
    }
}
