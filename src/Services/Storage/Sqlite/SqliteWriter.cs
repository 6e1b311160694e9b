using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ProdStock.Services.ReadModel;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// The single writer of the SQLite engine, with group commit: callers queue their writes (orders, stock adjustments),
/// and one loop takes every write waiting at that moment into one transaction (one fsync under <c>synchronous=FULL</c>),
/// each write inside its own savepoint so it stays all-or-nothing. Orders and adjustments thus serialize with each
/// other and share commits. Only after the commit does the writer give the read model the new stock levels, in commit
/// order, and answer the callers: an acknowledged write is durable and visible to the next read.
/// </summary>
internal sealed partial class SqliteWriter : IAsyncDisposable
{
    /// <summary>The most writes one transaction takes; more wait for the next one.</summary>
    private const int MaxBatch = 256;

    private readonly SqliteConnectionFactory _connections;
    private readonly ProductReadModel _readModel;
    private readonly TimeProvider _clock;
    private readonly ILogger<SqliteWriter> _logger;
    private readonly Channel<SqliteWrite> _queue = Channel.CreateUnbounded<SqliteWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _writer;

    public SqliteWriter(SqliteConnectionFactory connections, ProductReadModel readModel, TimeProvider clock, ILogger<SqliteWriter> logger)
    {
        _connections = connections;
        _readModel = readModel;
        _clock = clock;
        _logger = logger;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoopAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Queues <paramref name="write"/> and returns its outcome once it is committed (or refused) and the read model shows it.</summary>
    public async ValueTask<TOutcome> WriteAsync<TOutcome>(SqliteWrite<TOutcome> write, CancellationToken cancellationToken)
        where TOutcome : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(write))
        {
            throw new InvalidOperationException("The store is stopping.");
        }

        _ = _writer.Value;
        // A caller that gives up still leaves its write queued: it may be committed, and a retry with the same
        // idempotency key (order_no, adjustment_id) gets the stored answer.
        return await write.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value.ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        SqliteConnection? connection = null;
        WriterCommands? commands = null;
        var batch = new List<SqliteWrite>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    connection ??= await _connections.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                    commands ??= new WriterCommands(connection);
                    Commit(connection, commands, batch);
                }
                catch (Exception ex)
                {
                    LogBatchFailed(ex, batch.Count);
                    foreach (var write in batch)
                    {
                        write.Fail(ex);
                    }

                    // Start the next batch on a fresh connection.
                    commands?.Dispose();
                    commands = null;
                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            commands?.Dispose();
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void Commit(SqliteConnection connection, WriterCommands commands, List<SqliteWrite> batch)
    {
        var levels = new List<StockLevel>();
        // BEGIN IMMEDIATE: the write lock first, so the checks below see every committed write, whoever wrote it.
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var changes = new List<StockLevel>();
            foreach (var write in batch)
            {
                transaction.Save("w");
                changes.Clear();
                if (write.Execute(commands, transaction, changes, _clock.GetUtcNow().UtcTicks))
                {
                    levels.AddRange(changes);
                }
                else
                {
                    transaction.Rollback("w");
                }

                transaction.Release("w");
            }

            transaction.Commit();
        }

        _readModel.Apply(levels);
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A transaction of {Count} write(s) failed; every write in it was refused")]
    private partial void LogBatchFailed(Exception exception, int count);
}

/// <summary>One write queued for the <see cref="SqliteWriter"/>: run inside its own savepoint of a batch's transaction.</summary>
internal abstract class SqliteWrite
{
    /// <summary>
    /// Runs the write. Returns <see langword="true"/> to keep its changes (then <paramref name="levels"/> holds the stock
    /// levels it set), <see langword="false"/> to roll its savepoint back.
    /// </summary>
    public abstract bool Execute(WriterCommands commands, SqliteTransaction transaction, List<StockLevel> levels, long nowTicks);

    /// <summary>Answers the caller after the batch committed.</summary>
    public abstract void Complete();

    /// <summary>Answers the caller with the failure of the batch's transaction.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A write with an outcome for its caller.</summary>
internal abstract class SqliteWrite<TOutcome> : SqliteWrite
    where TOutcome : class
{
    private TOutcome? _outcome;

    public TaskCompletionSource<TOutcome> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed override bool Execute(WriterCommands commands, SqliteTransaction transaction, List<StockLevel> levels, long nowTicks)
    {
        (_outcome, var keep) = Run(commands, transaction, levels, nowTicks);
        return keep;
    }

    public sealed override void Complete() => Result.TrySetResult(_outcome ?? throw new InvalidOperationException("The write was not run."));

    public sealed override void Fail(Exception error) => Result.TrySetException(error);

    /// <summary>The write itself: its outcome, and whether its changes are kept.</summary>
    protected abstract (TOutcome Outcome, bool Keep) Run(WriterCommands commands, SqliteTransaction transaction, List<StockLevel> levels, long nowTicks);
}

/// <summary>The writer's prepared statements on its connection.</summary>
internal sealed class WriterCommands(SqliteConnection connection) : IDisposable
{
    public OrderCommands Orders { get; } = new(connection);

    public StockAdjustmentCommands Adjustments { get; } = new(connection);

    public void Dispose()
    {
        Orders.Dispose();
        Adjustments.Dispose();
    }
}
