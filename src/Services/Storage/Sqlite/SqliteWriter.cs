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
internal sealed partial class SqliteWriter(
    SqliteConnectionFactory connections, ProductReadModel readModel, TimeProvider clock, ILogger<SqliteWriter> logger)
    : GroupCommitWriter<SqliteWrite>(MaxBatch)
{
    /// <summary>The most writes one transaction takes; more wait for the next one.</summary>
    private const int MaxBatch = 256;

    // The loop's connection and prepared statements, kept from batch to batch.
    private SqliteConnection? _connection;
    private WriterCommands? _commands;

    /// <summary>Queues <paramref name="write"/> and returns its outcome once it is committed (or refused) and the read model shows it.</summary>
    public ValueTask<TOutcome> WriteAsync<TOutcome>(SqliteWrite<TOutcome> write, CancellationToken cancellationToken)
        where TOutcome : class => EnqueueAsync(write, write.Result.Task, cancellationToken);

    protected override async Task CommitAsync(List<SqliteWrite> batch)
    {
        try
        {
            _connection ??= await connections.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            _commands ??= new WriterCommands(_connection);
            Commit(_connection, _commands, batch);
        }
        catch (Exception ex)
        {
            LogBatchFailed(ex, batch.Count);
            foreach (var write in batch)
            {
                write.Fail(ex);
            }

            // Start the next batch on a fresh connection.
            await OnStoppedAsync().ConfigureAwait(false);
        }
    }

    protected override async ValueTask OnStoppedAsync()
    {
        _commands?.Dispose();
        _commands = null;
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
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
                if (write.Execute(commands, transaction, changes, clock.GetUtcNow().UtcTicks))
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

        readModel.Apply(levels);
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
