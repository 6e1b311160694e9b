using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Storage;

/// <summary>
/// Property-based (CsCheck): random sequences of orders — with and without lines, repeated order numbers with the same
/// or other contents, shortages, unknown products, several at once — and stock adjustments (repeated ids, below zero,
/// unknown products) against a simple model of stock, orders and adjustments. Both
/// engines must give the model's answer to every order and end with the model's stock, in the read model and in the
/// store itself. A failure names the seed to replay.
/// </summary>
public sealed class OrderStorePropertyTests
{
    private const int Products = 4;
    private static readonly ProdAreas[] Areas = [ProdAreas.A, ProdAreas.B, ProdAreas.C];

    // Small pools make collisions (same order number, same product-area, shortages) frequent.
    private static readonly Gen<OrderLineItem> Line =
        Gen.Select(Gen.Int[1, Products + 1], Gen.Int[0, 2], Gen.Int[1, 700], (id, area, quantity) => new OrderLineItem(id, (ProdAreas)area, quantity));

    private static readonly Gen<NewOrder> Order = Gen.Select(
        Gen.Int[1, 12],
        Line.Array[0, 3],
        Gen.Int[1, 2],
        (number, lines, user) => new NewOrder(
            $"p-{number}", user, 10f, new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc), true,
            [.. lines.DistinctBy(l => (l.ProdId, l.Area))]));

    private static readonly Gen<StockAdjustment> Adjustment = Gen.Select(
        Gen.Int[1, 8], Gen.Int[1, Products + 1], Gen.Int[0, 2], Gen.Int[-600, 600],
        (id, prodId, area, delta) => new StockAdjustment($"a-{id}", prodId, (ProdAreas)area, delta == 0 ? 1 : delta));

    // Batches of orders and stock adjustments sent at once: the SQLite engine commits concurrent ones together.
    private static readonly Gen<object[][]> Sequence = Gen.Frequency((3, Order.Select(o => (object)o)), (1, Adjustment.Select(a => (object)a))).Array[1, 4].Array[1, 8];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task PlaceAsync_RandomOrderSequences_AgreeWithTheModelInAnswersAndStock(string provider)
    {
        await Sequence.SampleAsync(async batches =>
        {
            await using var store = await TestStore.CreateAsync(engine: provider, configure: services => services.Configure<StoreOptions>(o => o.DemoProductCount = Products));
            var model = new Model();
            var orders = store.Get<IOrderStore>();
            var adjustments = store.Get<IStockStore>();
            Task<string> Send(object write) => write switch
            {
                NewOrder order => orders.PlaceAsync(order, CancellationToken.None).AsTask().ContinueWith(t => Describe(t.Result), TaskScheduler.Default),
                StockAdjustment adjustment => adjustments.AdjustAsync(adjustment, CancellationToken.None).AsTask().ContinueWith(t => Describe(t.Result), TaskScheduler.Default),
                _ => throw new InvalidOperationException(),
            };

            foreach (var batch in batches)
            {
                // Sent at once: each call queues its write before it awaits, so every engine's single writer commits
                // them in this order.
                var outcomes = await Task.WhenAll(batch.Select(Send)).DefaultTimeout();
                foreach (var (write, outcome) in batch.Zip(outcomes))
                {
                    outcome.Should().Be(write is NewOrder order ? model.Place(order) : model.Adjust((StockAdjustment)write), write.ToString());
                }
            }

            var readModel = store.Get<ProductReadModel>();
            var stored = await store.Get<IProductStore>().ReadAllAsync(CancellationToken.None).ToListAsync().AsTask().DefaultTimeout();
            foreach (var product in stored)
            {
                foreach (var area in Areas)
                {
                    product.StockIn(area).Should().Be(model.Stock(product.ProdId, area));
                    readModel.FindStock(product.ProdId, area).Should().Be(model.Stock(product.ProdId, area));
                }
            }
        }, iter: 40, threads: 1);
    }

    private static string Describe(OrderPlacement outcome) => outcome switch
    {
        OrderPlacement.Placed => "placed",
        OrderPlacement.AlreadyStored => "already stored",
        OrderPlacement.UnknownProducts unknown => $"unknown {string.Join(",", unknown.ProdIds)}",
        OrderPlacement.InsufficientStock shortage => "short " + string.Join(";", shortage.Shortages.Select(s => $"{s.ProdId}{s.Area}:{s.Requested}/{s.Available}")),
        _ => outcome.ToString(),
    };

    private static string Describe(StockAdjustmentOutcome outcome) => outcome switch
    {
        StockAdjustmentOutcome.Applied => "applied",
        StockAdjustmentOutcome.AlreadyRecorded => "already recorded",
        StockAdjustmentOutcome.UnknownProduct unknown => $"unknown {unknown.ProdId}",
        StockAdjustmentOutcome.InsufficientStock => "below zero",
        _ => outcome.ToString(),
    };

    /// <summary>What the stores must do, written as plainly as possible.</summary>
    private sealed class Model
    {
        private readonly Dictionary<(int, ProdAreas), int> _stock = DemoDataSet.Products(Products)
            .SelectMany(p => Areas.Select(area => ((p.ProdId, area), p.StockIn(area)))).ToDictionary(e => e.Item1, e => e.Item2);

        private readonly HashSet<string> _orders = [];
        private readonly HashSet<string> _adjustments = [];

        public string Adjust(StockAdjustment adjustment)
        {
            if (_adjustments.Contains(adjustment.AdjustmentId))
            {
                return "already recorded";
            }

            if (adjustment.ProdId > Products)
            {
                return $"unknown {adjustment.ProdId}";
            }

            var key = (adjustment.ProdId, adjustment.Area);
            if (_stock[key] + adjustment.Delta < 0)
            {
                return "below zero";
            }

            _stock[key] += adjustment.Delta;
            _adjustments.Add(adjustment.AdjustmentId);
            return "applied";
        }

        public int Stock(int prodId, ProdAreas area) => _stock[(prodId, area)];

        public string Place(NewOrder order)
        {
            if (_orders.Contains(order.OrderNo))
            {
                return "already stored";
            }

            var unknown = order.Lines.Where(l => l.ProdId > Products).Select(l => l.ProdId).Distinct().ToList();
            if (unknown.Count > 0)
            {
                return $"unknown {string.Join(",", unknown)}";
            }

            var shortages = order.Lines.Where(l => _stock[(l.ProdId, l.Area)] < l.Quantity).ToList();
            if (shortages.Count > 0)
            {
                return "short " + string.Join(";", shortages.Select(s => $"{s.ProdId}{s.Area}:{s.Quantity}/{_stock[(s.ProdId, s.Area)]}"));
            }

            foreach (var line in order.Lines)
            {
                _stock[(line.ProdId, line.Area)] -= line.Quantity;
            }

            _orders.Add(order.OrderNo);
            return "placed";
        }
    }
}
