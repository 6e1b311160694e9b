using System.Diagnostics;
using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;
using Xunit.Abstractions;

namespace ProdStock.IntegrationTests.Postgres;

/// <summary>
/// Two host processes on one PostgreSQL database serve the same stock: they never sell more than there is, store an
/// order sent to both once, and each sees the other's orders within a second.
/// </summary>
public sealed class TwoHostOrderingTests(TwoHostsFixture fixture, ITestOutputHelper output) : IClassFixture<TwoHostsFixture>, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    // Where each host's output stood when the test began: its warnings and errors since then explain a failure.
    private readonly int[] _outputStart = [.. Enumerable.Range(0, 2).Select(host => fixture.Hosts.Output(host).Length)];

    private PostgresHostGroup Hosts => fixture.Hosts;

    private ProdStockClient[] Clients => fixture.Clients;

    [Fact]
    public async Task NewOrder_200ConcurrentOrdersOnTwoHostsFor100InStock_Exactly100SucceedAndStockEndsAtZero()
    {
        // Arrange: 100 in stock, set behind the hosts' backs; both learn it from the change notification.
        const int prodId = 11;
        const ProdAreas area = ProdAreas.B;
        const string prefix = "oversell";
        await Hosts.ExecuteAsync("UPDATE product_stocks SET quantity = 100 WHERE prod_id = $1 AND area = $2", prodId, (int)area);
        foreach (var (client, host) in Clients.Select((c, i) => (c, i)))
        {
            (await ServedWithinAsync(client, prodId, area, 100, TimeSpan.FromSeconds(5))).Should()
                .NotBeNull($"host {host} hears of the stock set by SQL through the change notification");
        }

        var lowestSeen = int.MaxValue;
        using var stopWatching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                foreach (var client in Clients)
                {
                    var served = (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = area })).ProdStock;
                    InterlockedMin(ref lowestSeen, served);
                }

                await Task.Delay(1);
            }
        });

        // Act: 200 one-unit orders at once, alternating between the hosts.
        var stopwatch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            try
            {
                await Clients[i % 2].Orders.NewOrderAsync(OneUnit($"{prefix}-{i}", prodId, area));
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30));
        var ordersTook = stopwatch.Elapsed;
        stopwatch.Restart();
        var zeroOnBoth = await Task.WhenAll(Clients.Select(client => ServedWithinAsync(client, prodId, area, 0, TimeSpan.FromSeconds(3))));
        await stopWatching.CancelAsync();
        await watcher.WaitAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"200 orders answered in {ordersTook.TotalMilliseconds:0} ms; stock 0 served by host 0 after "
            + $"{zeroOnBoth[0]?.TotalMilliseconds:0} ms, host 1 after {zeroOnBoth[1]?.TotalMilliseconds:0} ms; lowest stock served during the run {lowestSeen}; "
            + $"full read model reloads: host 0 {Reloads(0)}, host 1 {Reloads(1)}");

        // Assert
        answers.Count(a => a == StatusCode.OK).Should().Be(100, "100 units in stock serve exactly 100 one-unit orders, whichever host takes them");
        answers.Where(a => a != StatusCode.OK).Should().OnlyContain(a => a == StatusCode.FailedPrecondition, "the other orders find the stock empty");
        zeroOnBoth.Should().OnlyContain(lag => lag != null && lag < TimeSpan.FromSeconds(1), "both hosts serve the empty stock within a second of the last answer");
        lowestSeen.Should().BeGreaterThanOrEqualTo(0, "no host ever serves a negative stock");
        (await Hosts.StockAsync(prodId, area)).Should().Be(0, "the database row is sold out");
        (await Hosts.OrdersAsync(prefix)).Should().HaveCount(100, "the database holds exactly the 100 accepted orders");
    }

    [Fact]
    public async Task NewOrder_SameOrderNoOnBothHostsAtOnce_StoredOnceAndBothAnswerTheSameOrderId()
    {
        // Arrange: a product-area with enough demo stock for 50 orders, touched by no other test.
        var product = DemoDataSet.Products().First(p => p.ProdId >= 200 && p.StockIn(ProdAreas.A) >= 60);
        var (prodId, area) = (product.ProdId, ProdAreas.A);
        const string prefix = "twice";
        var before = await Hosts.StockAsync(prodId, area);

        // Act: each of 50 order numbers sent to both hosts at the same moment, ten numbers at a time. (All 100 calls at
        // once would queue on the one stock row, and the last could wait for 99 transactions, past its deadline on a
        // busy machine.)
        var stopwatch = Stopwatch.StartNew();
        var answers = new List<(string OrderNo, OrderResponse[] Answers)>();
        foreach (var wave in Enumerable.Range(0, 50).Chunk(10))
        {
            answers.AddRange(await Task.WhenAll(wave.Select(async n =>
            {
                var orderNo = $"{prefix}-{n}";
                var both = await Task.WhenAll(Clients.Select(client => Task.Run(async () => await client.Orders.NewOrderAsync(OneUnit(orderNo, prodId, area)))));
                return (orderNo, both);
            })).WaitAsync(TimeSpan.FromSeconds(30)));
        }

        output.WriteLine($"100 orders (50 numbers, each on both hosts at once, 10 numbers at a time) answered in {stopwatch.ElapsedMilliseconds} ms");

        // Assert
        foreach (var (orderNo, both) in answers)
        {
            both.Should().OnlyContain(a => a.Status == "OK", $"order {orderNo} is stored, and the second send is answered from it");
            both[1].OrderId.Should().Be(both[0].OrderId, $"order {orderNo} has one id whichever host answers").And.BeGreaterThan(0);
        }

        answers.Select(a => a.Answers[0].OrderId).Should().OnlyHaveUniqueItems("50 order numbers are 50 orders");
        var stored = await Hosts.OrdersAsync(prefix);
        stored.Should().HaveCount(50, "each order number is stored once");
        stored.Values.Should().OnlyContain(lines => lines.Count == 1 && lines[0].Quantity == 1, "each order keeps its one line");
        (await Hosts.StockAsync(prodId, area)).Should().Be(before - 50, "each order number takes its unit once");
        foreach (var (client, host) in Clients.Select((c, i) => (c, i)))
        {
            (await ServedWithinAsync(client, prodId, area, before - 50, TimeSpan.FromSeconds(1))).Should()
                .NotBeNull($"host {host} serves the stock the database holds");
        }
    }

    [Fact]
    public async Task NewOrder_OnOneHost_VisibleInTheOtherHostsStockWithinOneSecond()
    {
        // Arrange
        var product = DemoDataSet.Products().First(p => p.ProdId >= 300 && p.StockIn(ProdAreas.C) >= 20);
        var (prodId, area) = (product.ProdId, ProdAreas.C);
        var expected = await Hosts.StockAsync(prodId, area);
        var lags = new List<TimeSpan?>();

        // Act: ten orders, each placed on one host and awaited on the other (both ways).
        for (var n = 0; n < 10; n++)
        {
            var (from, to) = (n % 2, 1 - (n % 2));
            await Clients[from].Orders.NewOrderAsync(OneUnit($"seen-{n}", prodId, area)).DefaultTimeout();
            expected--;
            lags.Add(await ServedWithinAsync(Clients[to], prodId, area, expected, TimeSpan.FromSeconds(3)));
        }

        output.WriteLine($"visibility lags (ms): {string.Join(", ", lags.Select(l => l?.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "never"))}");

        // Assert
        lags.Should().OnlyContain(lag => lag != null && lag < TimeSpan.FromSeconds(1),
            "an order committed through one host reaches the other host's read model through LISTEN/NOTIFY within a second");
    }

    public void Dispose()
    {
        foreach (var line in _outputStart.SelectMany((from, host) => Hosts.Problems(host, from)))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>How often a host reloaded its whole read model since the test began (its feed saw a skipped row version).</summary>
    private int Reloads(int host) =>
        Hosts.Output(host)[_outputStart[host]..].Split('\n').Count(line => line.Contains("reloading the read model", StringComparison.Ordinal));

    private static OrderRequest OneUnit(string orderNo, int prodId, ProdAreas area)
    {
        var main = new OrderMain { OrderNo = orderNo, UserId = 1, OrderMoney = 1 };
        main.OrderLines.Add(new OrderLine { ProdId = prodId, ProdArea = area, Quantity = 1 });
        return new OrderRequest { OrderMain = main };
    }

    /// <summary>Polls a host's GetProdStock until it serves <paramref name="expected"/>; how long that took, or null if never within <paramref name="timeout"/>.</summary>
    private static async Task<TimeSpan?> ServedWithinAsync(ProdStockClient client, int prodId, ProdAreas area, int expected, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            var served = (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = area }).DefaultTimeout()).ProdStock;
            if (served == expected)
            {
                return stopwatch.Elapsed;
            }

            await Task.Delay(PollInterval);
        }

        return null;
    }

    private static void InterlockedMin(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
