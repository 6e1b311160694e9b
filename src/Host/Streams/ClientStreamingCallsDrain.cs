namespace ProdStock.Host.Streams;

/// <summary>
/// Lets clients take the trailers of their client-streaming and duplex calls before Kestrel starts closing connections.
/// Kestrel stops first among hosted services and closes a stopping connection as soon as none of its streams has a
/// response left to send, so the wait happens in <see cref="StoppingAsync"/>, before any service stops: it raises
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/> itself (the host raises it only after every
/// <c>StoppingAsync</c>, and raising it twice does nothing), which ends those calls, then waits at most
/// <see cref="ShutdownTrailers.Hold"/> until their clients have let go. New calls meanwhile are served as usual.
/// </summary>
internal sealed class ClientStreamingCallsDrain(ClientStreamingCalls calls, IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifetime.StopApplication();
        try
        {
            await calls.WhenNoneAsync().WaitAsync(ShutdownTrailers.Hold, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // A client that did not take its trailers in time is left to Kestrel's shutdown, as it would have been.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
