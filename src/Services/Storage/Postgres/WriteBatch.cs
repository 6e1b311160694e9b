using ProdStock.Contracts;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// What one transaction of the <see cref="PostgresWriter"/> knows and decides: the locked stock rows, the products and
/// the stored orders and adjustments its writes name (read under lock), then each write's decision in queue order, as
/// if they ran one after another, and the rows that makes to write.
/// </summary>
internal sealed class WriteBatch
{
    private readonly Dictionary<(int ProdId, ProdAreas Area), int> _stock;
    private readonly HashSet<(int ProdId, ProdAreas Area)> _existingRows;
    private readonly HashSet<int> _knownProducts;
    private readonly Dictionary<string, OrderRecord> _orders;
    private readonly Dictionary<string, StoredAdjustment> _adjustments;

    public WriteBatch(
        Dictionary<(int ProdId, ProdAreas Area), int> lockedStock,
        HashSet<int> knownProducts,
        IEnumerable<StoredOrder> storedOrders,
        IEnumerable<StoredAdjustment> storedAdjustments)
    {
        _stock = lockedStock;
        _existingRows = [.. lockedStock.Keys];
        _knownProducts = knownProducts;
        _orders = storedOrders.ToDictionary(o => o.OrderNo, o => new OrderRecord(o), StringComparer.Ordinal);
        _adjustments = storedAdjustments.ToDictionary(a => a.AdjustmentId, StringComparer.Ordinal);
    }

    /// <summary>Existing stock rows whose level the batch changed.</summary>
    public SortedSet<(int ProdId, ProdAreas Area)> ChangedRows { get; } = [];

    /// <summary>Stock rows the batch creates (an area a product had none for), with their level.</summary>
    public SortedDictionary<(int ProdId, ProdAreas Area), int> CreatedRows { get; } = [];

    /// <summary>The orders the batch stores; their ids are set once inserted.</summary>
    public List<OrderRecord> NewOrders { get; } = [];

    /// <summary>The adjustments the batch records.</summary>
    public List<StoredAdjustment> NewAdjustments { get; } = [];

    /// <summary>The level of a locked row, or the level the batch gave it.</summary>
    public int Level((int ProdId, ProdAreas Area) row) => _stock.GetValueOrDefault(row);

    /// <summary>Decides an order: stored before (in the database or earlier in this batch), refused, or placed.</summary>
    public Func<OrderPlacement> Place(NewOrder order)
    {
        if (_orders.TryGetValue(order.OrderNo, out var existing))
        {
            return () => new OrderPlacement.AlreadyStored(existing.Order);
        }

        var unknown = order.Lines.Where(l => !_knownProducts.Contains(l.ProdId)).Select(l => l.ProdId).Distinct().ToList();
        if (unknown.Count > 0)
        {
            return () => new OrderPlacement.UnknownProducts(unknown);
        }

        var shortages = order.Lines
            .Where(l => _stock.GetValueOrDefault((l.ProdId, l.Area)) < l.Quantity)
            .Select(l => new StockShortage(l.ProdId, l.Area, l.Quantity, _stock.GetValueOrDefault((l.ProdId, l.Area))))
            .ToList();
        if (shortages.Count > 0)
        {
            return () => new OrderPlacement.InsufficientStock(shortages);
        }

        foreach (var line in order.Lines)
        {
            Set((line.ProdId, line.Area), _stock[(line.ProdId, line.Area)] - line.Quantity);
        }

        var record = new OrderRecord(new StoredOrder(0, order.OrderNo, order.UserId, order.Money, order.OrderTime.ToUniversalTime(), order.TimeFromClient, order.Lines));
        _orders.Add(order.OrderNo, record);
        NewOrders.Add(record);
        return () => new OrderPlacement.Placed(record.Order);
    }

    /// <summary>Decides an adjustment: recorded before, refused, or applied (creating the area's row when it has none).</summary>
    public StockAdjustmentOutcome Adjust(StockAdjustment adjustment)
    {
        if (_adjustments.TryGetValue(adjustment.AdjustmentId, out var existing))
        {
            return new StockAdjustmentOutcome.AlreadyRecorded(existing);
        }

        if (!_knownProducts.Contains(adjustment.ProdId))
        {
            return new StockAdjustmentOutcome.UnknownProduct(adjustment.ProdId);
        }

        var row = (adjustment.ProdId, adjustment.Area);
        var available = _stock.GetValueOrDefault(row);
        var target = (long)available + adjustment.Delta;
        if (target < 0)
        {
            return new StockAdjustmentOutcome.InsufficientStock(new StockShortage(adjustment.ProdId, adjustment.Area, -adjustment.Delta, available));
        }

        if (target > int.MaxValue)
        {
            return new StockAdjustmentOutcome.OverCapacity(available);
        }

        Set(row, (int)target);
        var stored = new StoredAdjustment(adjustment.AdjustmentId, adjustment.ProdId, adjustment.Area, adjustment.Delta, (int)target);
        _adjustments.Add(adjustment.AdjustmentId, stored);
        NewAdjustments.Add(stored);
        return new StockAdjustmentOutcome.Applied(stored);
    }

    private void Set((int ProdId, ProdAreas Area) row, int level)
    {
        _stock[row] = level;
        if (_existingRows.Contains(row))
        {
            ChangedRows.Add(row);
        }
        else
        {
            CreatedRows[row] = level;
        }
    }
}

/// <summary>An order as stored, or as placed by the batch until the insert gives it its id.</summary>
internal sealed class OrderRecord(StoredOrder order)
{
    public StoredOrder Order { get; set; } = order;
}
