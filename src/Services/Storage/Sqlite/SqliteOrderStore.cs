using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ProdStock.Contracts;
using ProdStock.Services.ReadModel;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// Orders in SQLite, with group commit: callers queue their orders, and one writer takes every order waiting at that
/// moment into one transaction (one fsync under <c>synchronous=FULL</c>), each order inside its own savepoint so it
/// stays all-or-nothing. Only after the commit does the writer give the read model the new stock levels, in commit
/// order, and answer the callers: an acknowledged order is durable and visible to the next read.
/// </summary>
internal sealed partial class SqliteOrderStore : IOrderStore, IAsyncDisposable
{
    /// <summary>The most orders one transaction takes; more wait for the next one.</summary>
    private const int MaxBatch = 256;

    private readonly SqliteConnectionFactory _connections;
    private readonly ProductReadModel _readModel;
    private readonly TimeProvider _clock;
    private readonly ILogger<SqliteOrderStore> _logger;
    private readonly Channel<PendingOrder> _queue = Channel.CreateUnbounded<PendingOrder>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _writer;

    public SqliteOrderStore(SqliteConnectionFactory connections, ProductReadModel readModel, TimeProvider clock, ILogger<SqliteOrderStore> logger)
    {
        _connections = connections;
        _readModel = readModel;
        _clock = clock;
        _logger = logger;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoopAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingOrder(order);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The order store is stopping.");
        }

        _ = _writer.Value;
        // A caller that gives up still leaves its order queued: it may be stored, and a retry with the same order_no
        // gets the stored answer.
        return await pending.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The order stored under an order number, or <see langword="null"/> (for tests and tools; the service never reads orders back).</summary>
    public async ValueTask<StoredOrder?> FindByOrderNoAsync(string orderNo, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        using var commands = new OrderCommands(connection);
        return commands.FindOrder(null, orderNo);
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
        OrderCommands? commands = null;
        var batch = new List<PendingOrder>(MaxBatch);
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
                    commands ??= new OrderCommands(connection);
                    Commit(connection, commands, batch);
                }
                catch (Exception ex)
                {
                    LogBatchFailed(ex, batch.Count);
                    foreach (var pending in batch)
                    {
                        pending.Result.TrySetException(ex);
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

    private void Commit(SqliteConnection connection, OrderCommands commands, List<PendingOrder> batch)
    {
        var outcomes = new OrderPlacement[batch.Count];
        var levels = new List<StockLevel>();
        // BEGIN IMMEDIATE: the write lock first, so the checks below see every committed order, whoever wrote it.
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var lines = new List<StockLevel>();
            for (var i = 0; i < batch.Count; i++)
            {
                transaction.Save("o");
                lines.Clear();
                outcomes[i] = Place(commands, transaction, batch[i].Order, lines);
                if (outcomes[i] is OrderPlacement.Placed)
                {
                    levels.AddRange(lines);
                }
                else
                {
                    transaction.Rollback("o");
                }

                transaction.Release("o");
            }

            transaction.Commit();
        }

        _readModel.Apply(levels);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Result.TrySetResult(outcomes[i]);
        }
    }

    private OrderPlacement Place(OrderCommands commands, SqliteTransaction transaction, NewOrder order, List<StockLevel> levels)
    {
        if (commands.FindOrder(transaction, order.OrderNo) is { } existing)
        {
            return new OrderPlacement.AlreadyStored(existing);
        }

        List<int>? unknown = null;
        List<StockShortage>? shortages = null;
        foreach (var line in order.Lines)
        {
            if (commands.Take(transaction, line) is { } left)
            {
                levels.Add(new StockLevel(line.ProdId, line.Area, left));
            }
            else if (commands.StockOf(transaction, line) is { } available)
            {
                (shortages ??= []).Add(new StockShortage(line.ProdId, line.Area, line.Quantity, available));
            }
            else if (commands.ProductExists(transaction, line.ProdId))
            {
                (shortages ??= []).Add(new StockShortage(line.ProdId, line.Area, line.Quantity, 0));
            }
            else
            {
                (unknown ??= []).Add(line.ProdId);
            }
        }

        if (unknown is not null)
        {
            return new OrderPlacement.UnknownProducts([.. unknown.Distinct()]);
        }

        if (shortages is not null)
        {
            return new OrderPlacement.InsufficientStock(shortages);
        }

        var orderId = commands.InsertOrder(transaction, order, _clock.GetUtcNow().UtcTicks);
        for (var i = 0; i < order.Lines.Count; i++)
        {
            commands.InsertLine(transaction, orderId, i, order.Lines[i]);
        }

        return new OrderPlacement.Placed(new StoredOrder(orderId, order.OrderNo, order.UserId, order.Money, order.OrderTime, order.TimeFromClient, order.Lines));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A transaction of {Count} order(s) failed; every order in it was refused")]
    private partial void LogBatchFailed(Exception exception, int count);

    /// <summary>An order waiting for the writer, and its caller's answer.</summary>
    private sealed class PendingOrder(NewOrder order)
    {
        public NewOrder Order { get; } = order;

        public TaskCompletionSource<OrderPlacement> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
