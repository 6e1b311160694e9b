namespace ProdStock.Services.Storage.Postgres;

/// <summary>One write queued for the <see cref="PostgresWriter"/>: its keys and rows, decided inside a batch's transaction.</summary>
internal abstract class PostgresWrite
{
    /// <summary>The advisory lock its idempotency key takes: (class, stable hash of the key).</summary>
    public abstract (int Class, int Key) Lock { get; }

    /// <summary>The stock rows it may read or change.</summary>
    public abstract IEnumerable<(int ProdId, Contracts.ProdAreas Area)> Rows { get; }

    /// <summary>Decides the write against the batch (again, if the batch's transaction is retried).</summary>
    public abstract void Decide(WriteBatch batch);

    /// <summary>Answers the caller after the batch committed.</summary>
    public abstract void Complete();

    /// <summary>Answers the caller with the failure of the batch's transaction.</summary>
    public abstract void Fail(Exception error);

    /// <summary>A hash of a key that every host computes alike (FNV-1a over UTF-16), unlike <see cref="string.GetHashCode()"/>.</summary>
    protected static int StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return unchecked((int)hash);
    }
}

/// <summary>A write with an outcome for its caller.</summary>
internal abstract class PostgresWrite<TOutcome> : PostgresWrite
    where TOutcome : class
{
    public TaskCompletionSource<TOutcome> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The decision's outcome, built once the batch committed (an order's id is known only then).</summary>
    protected Func<TOutcome>? Outcome { get; set; }

    public sealed override void Complete() => Result.TrySetResult(Outcome?.Invoke() ?? throw new InvalidOperationException("The write was not decided."));

    public sealed override void Fail(Exception error) => Result.TrySetException(error);
}

/// <summary>An order waiting for the writer.</summary>
internal sealed class OrderWrite(NewOrder order) : PostgresWrite<OrderPlacement>
{
    public override (int Class, int Key) Lock => (PostgresStatements.OrderNumberLock, StableHash(order.OrderNo));

    public override IEnumerable<(int ProdId, Contracts.ProdAreas Area)> Rows => order.Lines.Select(l => (l.ProdId, l.Area));

    public string OrderNo => order.OrderNo;

    public override void Decide(WriteBatch batch) => Outcome = batch.Place(order);
}

/// <summary>A stock adjustment waiting for the writer.</summary>
internal sealed class AdjustmentWrite(StockAdjustment adjustment) : PostgresWrite<StockAdjustmentOutcome>
{
    public override (int Class, int Key) Lock => (PostgresStatements.AdjustmentIdLock, StableHash(adjustment.AdjustmentId));

    public override IEnumerable<(int ProdId, Contracts.ProdAreas Area)> Rows => [(adjustment.ProdId, adjustment.Area)];

    public string AdjustmentId => adjustment.AdjustmentId;

    public int ProdId => adjustment.ProdId;

    public override void Decide(WriteBatch batch)
    {
        var outcome = batch.Adjust(adjustment);
        Outcome = () => outcome;
    }
}
