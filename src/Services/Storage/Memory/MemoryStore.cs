using Microsoft.Extensions.Options;
using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.Services.Storage.Memory;

/// <summary>
/// The in-memory engine (<c>ProdStock:Store:Provider=Memory</c>): the demo data set, the orders and the stock
/// adjustments in dictionaries under one lock, with the same semantics as the SQLite engine (orders all-or-nothing with
/// their stock, idempotent by order number; adjustments idempotent by adjustment id; stock never below zero). Nothing survives a restart, so it is the yardstick the SQLite engine is measured against and a test
/// double, never a store for real orders.
/// </summary>
internal sealed class MemoryStore(IOptions<StoreOptions> options, ProductReadModel readModel)
    : IEngineInitializer, IProductStore, IOrderStore, IStockStore, IUserScoreStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredOrder> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredAdjustment> _adjustments = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, (string Name, float Price, int[] Stock)> _products = [];
    private readonly Dictionary<int, int> _scores = [];

    // Counted only for an order that is stored: a replay or a refused order takes no id.
    private long _lastOrderId;

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (options.Value.SeedDemoData && _products.Count == 0)
            {
                foreach (var product in DemoDataSet.Products(options.Value.DemoProductCount))
                {
                    _products[product.ProdId] = (product.Name, product.Price, [.. Enum.GetValues<ProdAreas>().Select(product.StockIn)]);
                }

                foreach (var user in DemoDataSet.UserScores())
                {
                    _scores[user.UserId] = user.Score;
                }
            }
        }

        return Task.CompletedTask;
    }

    public IAsyncEnumerable<ProductRecord> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A copy taken under the lock: writes may go on while the caller reads it.
            ProductRecord[] products = [.. _products.Select(p => new ProductRecord(p.Key, p.Value.Name, p.Value.Price, p.Value.Stock[0], p.Value.Stock[1], p.Value.Stock[2]))];
            return products.ToAsyncEnumerable();
        }
    }

    public Task ProbeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    IAsyncEnumerable<(int UserId, int Score)> IUserScoreStore.ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            (int, int)[] scores = [.. _scores.Select(s => (s.Key, s.Value))];
            return scores.ToAsyncEnumerable();
        }
    }

    public ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(Place(order));
        }
    }

    /// <summary>The order stored under an order number, or <see langword="null"/> (for tests and tools).</summary>
    public ValueTask<StoredOrder?> FindByOrderNoAsync(string orderNo, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_orders.GetValueOrDefault(orderNo));
        }
    }

    /// <summary>Makes the next stored order take the id after <paramref name="lastOrderId"/> (for tests near an id limit).</summary>
    internal void ContinueOrderIdsAfter(long lastOrderId)
    {
        lock (_gate)
        {
            _lastOrderId = lastOrderId;
        }
    }

    public ValueTask<StockAdjustmentOutcome> AdjustAsync(StockAdjustment adjustment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(Adjust(adjustment));
        }
    }

    /// <summary>The adjustment recorded under an id, or <see langword="null"/> (for tests and tools).</summary>
    public ValueTask<StoredAdjustment?> FindAdjustmentAsync(string adjustmentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_adjustments.GetValueOrDefault(adjustmentId));
        }
    }

    private StockAdjustmentOutcome Adjust(StockAdjustment adjustment)
    {
        if (_adjustments.TryGetValue(adjustment.AdjustmentId, out var existing))
        {
            return new StockAdjustmentOutcome.AlreadyRecorded(existing);
        }

        if (!_products.TryGetValue(adjustment.ProdId, out var product))
        {
            return new StockAdjustmentOutcome.UnknownProduct(adjustment.ProdId);
        }

        var available = product.Stock[(int)adjustment.Area];
        var quantity = (long)available + adjustment.Delta;
        if (quantity < 0)
        {
            return new StockAdjustmentOutcome.InsufficientStock(new StockShortage(adjustment.ProdId, adjustment.Area, -adjustment.Delta, available));
        }

        if (quantity > int.MaxValue)
        {
            return new StockAdjustmentOutcome.OverCapacity(available);
        }

        product.Stock[(int)adjustment.Area] = (int)quantity;
        readModel.Apply([new StockLevel(adjustment.ProdId, adjustment.Area, (int)quantity)]);
        var stored = new StoredAdjustment(adjustment.AdjustmentId, adjustment.ProdId, adjustment.Area, adjustment.Delta, (int)quantity);
        _adjustments.Add(adjustment.AdjustmentId, stored);
        return new StockAdjustmentOutcome.Applied(stored);
    }

    private OrderPlacement Place(NewOrder order)
    {
        if (_orders.TryGetValue(order.OrderNo, out var existing))
        {
            return new OrderPlacement.AlreadyStored(existing);
        }

        // Checked against what is left after the earlier lines, as the SQLite engine's statements see it.
        var left = new Dictionary<(int, ProdAreas), int>();
        List<int>? unknown = null;
        List<StockShortage>? shortages = null;
        foreach (var line in order.Lines)
        {
            if (!_products.TryGetValue(line.ProdId, out var product))
            {
                (unknown ??= []).Add(line.ProdId);
                continue;
            }

            var key = (line.ProdId, line.Area);
            var available = left.TryGetValue(key, out var rest) ? rest : product.Stock[(int)line.Area];
            if (available < line.Quantity)
            {
                (shortages ??= []).Add(new StockShortage(line.ProdId, line.Area, line.Quantity, available));
                continue;
            }

            left[key] = available - line.Quantity;
        }

        if (unknown is not null)
        {
            return new OrderPlacement.UnknownProducts([.. unknown.Distinct()]);
        }

        if (shortages is not null)
        {
            return new OrderPlacement.InsufficientStock(shortages);
        }

        foreach (var ((prodId, area), quantity) in left)
        {
            _products[prodId].Stock[(int)area] = quantity;
        }

        readModel.Apply(left.Select(l => new StockLevel(l.Key.Item1, l.Key.Item2, l.Value)));
        var stored = new StoredOrder(++_lastOrderId, order.OrderNo, order.UserId, order.Money, order.OrderTime, order.TimeFromClient, order.Lines);
        _orders.Add(order.OrderNo, stored);
        return new OrderPlacement.Placed(stored);
    }
}
