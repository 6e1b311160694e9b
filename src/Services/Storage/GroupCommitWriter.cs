using System.Threading.Channels;

namespace ProdStock.Services.Storage;

/// <summary>
/// The queue and loop of an engine's single writer with group commit (SQLite's and PostgreSQL's): callers queue their
/// writes and await their outcome; one loop takes every write waiting at that moment, up to a batch size, and hands
/// the batch to <see cref="CommitAsync"/>, which commits it in one transaction and answers every write in it.
/// </summary>
/// <typeparam name="TWrite">The engine's queued write.</typeparam>
internal abstract class GroupCommitWriter<TWrite> : IAsyncDisposable
    where TWrite : class
{
    private readonly Channel<TWrite> _queue = Channel.CreateUnbounded<TWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxBatch;
    private readonly Lazy<Task> _loop;

    /// <param name="maxBatch">The most writes one transaction takes; more wait for the next one.</param>
    protected GroupCommitWriter(int maxBatch)
    {
        _maxBatch = maxBatch;
        _loop = new Lazy<Task>(() => Task.Run(RunAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop.IsValueCreated)
        {
            await _loop.Value.ConfigureAwait(false);
        }
    }

    /// <summary>Queues <paramref name="write"/> and returns <paramref name="outcome"/> once its batch committed (or failed).</summary>
    protected async ValueTask<TOutcome> EnqueueAsync<TOutcome>(TWrite write, Task<TOutcome> outcome, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(write))
        {
            throw new InvalidOperationException("The store is stopping.");
        }

        _ = _loop.Value;
        // A caller that gives up still leaves its write queued: it may be committed, and a retry with the same
        // idempotency key (order_no, adjustment_id) gets the stored answer.
        return await outcome.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits one batch and answers every write in it, successfully or with the failure; never throws.</summary>
    protected abstract Task CommitAsync(List<TWrite> batch);

    /// <summary>Releases what the loop kept between batches, once the queue is closed and drained.</summary>
    protected virtual ValueTask OnStoppedAsync() => ValueTask.CompletedTask;

    private async Task RunAsync()
    {
        var batch = new List<TWrite>(_maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await CommitAsync(batch).ConfigureAwait(false);
            }
        }
        finally
        {
            await OnStoppedAsync().ConfigureAwait(false);
        }
    }
}
