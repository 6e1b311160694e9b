using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.Services.Storage.Memory;

/// <summary>
/// The in-memory engine (<c>ProdStock:Store:Provider=Memory</c>): the demo data set in frozen dictionaries, orders in a
/// dictionary under a lock. Nothing survives a restart, so it is for benchmarks (the yardstick the SQLite engine is
/// measured against) and tests, never for real orders.
/// </summary>
internal sealed class MemoryStore(IOptions<StoreOptions> options) : IStoreInitializer, IProductStore, IOrderStore, IUserScoreStore
{
    private readonly Lock _ordersLock = new();
    private readonly Dictionary<string, StoredOrder> _orders = new(StringComparer.Ordinal);
    private FrozenDictionary<int, DemoProduct> _products = FrozenDictionary<int, DemoProduct>.Empty;
    private FrozenDictionary<int, int> _scores = FrozenDictionary<int, int>.Empty;
    private int[] _productIds = [];

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedDemoData && _products.Count == 0)
        {
            _products = DemoDataSet.Products().ToFrozenDictionary(p => p.ProdId);
            _productIds = [.. _products.Keys.Order()];
            _scores = DemoDataSet.UserScores().ToFrozenDictionary(s => s.UserId, s => s.Score);
        }

        return Task.CompletedTask;
    }

    public ValueTask<int?> FindStockAsync(int prodId, ProdAreas area, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_products.TryGetValue(prodId, out var product) ? product.StockIn(area) : (int?)null);

    public ValueTask<IReadOnlyList<ProductStock>> ListStocksAsync(int count, ProdAreas area, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ProductStock>>(
            _productIds.Take(count).Select(id => new ProductStock(id, _products[id].StockIn(area))).ToArray());

    public ValueTask<Product?> FindProductAsync(int prodId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_products.TryGetValue(prodId, out var p) ? new Product(p.ProdId, p.Name, p.Price) : null);

    public ValueTask<OrderInsertResult> InsertIfAbsentAsync(NewOrder order, CancellationToken cancellationToken)
    {
        lock (_ordersLock)
        {
            if (_orders.TryGetValue(order.OrderNo, out var existing))
            {
                return ValueTask.FromResult(new OrderInsertResult(false, existing));
            }

            var stored = new StoredOrder(_orders.Count + 1, order.OrderNo, order.UserId, order.Money, order.OrderTime, order.TimeFromClient);
            _orders.Add(order.OrderNo, stored);
            return ValueTask.FromResult(new OrderInsertResult(true, stored));
        }
    }

    /// <summary>The order stored under an order number, or <see langword="null"/> (for tests and tools).</summary>
    public ValueTask<StoredOrder?> FindByOrderNoAsync(string orderNo, CancellationToken cancellationToken)
    {
        lock (_ordersLock)
        {
            return ValueTask.FromResult(_orders.GetValueOrDefault(orderNo));
        }
    }

    public ValueTask<IReadOnlyDictionary<int, int>> GetScoresAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken)
    {
        var scores = new Dictionary<int, int>(userIds.Count);
        foreach (var id in userIds)
        {
            if (_scores.TryGetValue(id, out var score))
            {
                scores[id] = score;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<int, int>>(scores);
    }
}
