using System.Diagnostics;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;
using ProdStock.Testing.Postgres;
using Xunit.Abstractions;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProdStock.IntegrationTests.Postgres;

/// <summary>
/// The PostgreSQL server stopped for a few seconds under two loaded hosts: they report NOT_SERVING, keep answering
/// reads from memory, refuse writes with UNAVAILABLE at once, and recover by themselves when it is back, losing no
/// acknowledged order and serving the database's stock again.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    /// <summary>A product-area the load leaves alone, changed by SQL after the recovery.</summary>
    private static readonly (int ProdId, ProdAreas Area) Untouched = (500, ProdAreas.C);

    [Fact]
    public async Task NewOrder_DatabaseStoppedAndStartedUnderLoad_HostsDegradeAndRecoverLosingNoAcknowledgedOrder()
    {
        // Arrange: a server of the test's own, two hosts, two callers and a reader on each.
        var stopwatch = Stopwatch.StartNew();
        await using var server = await PostgresServer.StartAsync().WaitAsync(PostgresServer.StartTimeout);
        await using var hosts = await PostgresHostGroup.StartAsync(server, 2, "outage");
        output.WriteLine($"server and two hosts up after {stopwatch.ElapsedMilliseconds} ms (hosts {hosts.StartDuration.TotalMilliseconds:0} ms)");
        var clients = hosts.CreateClients(options => options.DefaultDeadline = TimeSpan.FromSeconds(5));
        var noRetry = hosts.CreateClients(options =>
        {
            options.DefaultDeadline = TimeSpan.FromSeconds(5);
            options.RetryIdempotentWrites = false;
        });
        (int ProdId, ProdAreas Area)[] keys = [.. Enumerable.Range(1, 20).SelectMany(id => new[] { (id, ProdAreas.A), (id, ProdAreas.B) })];
        const string prefix = "outage";
        await using var load = OrderLoad.Start(prefix, clients, callersPerHost: 2, readersPerHost: 1, keys);
        try
        {
            (await load.WaitForAcknowledgedAsync(50, TimeSpan.FromSeconds(20))).Should().BeTrue($"both hosts take orders before the outage (answers so far: {Summary(load.Orders)})");

            // Act 1: stop the database under load.
            var stopping = load.Clock.Elapsed;
            await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var down = load.Clock.Elapsed;
            var notServing = await Task.WhenAll(Enumerable.Range(0, 2).Select(host => hosts.WaitForHealthAsync(host, ServingStatus.NotServing, TimeSpan.FromSeconds(10))));
            var refusals = new List<(StatusCode Status, TimeSpan Took)>();
            for (var host = 0; host < 2; host++)
            {
                refusals.Add(await TimedOrderAsync(noRetry[host], $"{prefix}-refused-{host}"));
            }

            var readsDuringOutage = await Task.WhenAll(clients.Select(client =>
                client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout()));
            var keepDownFor = down + Outage - load.Clock.Elapsed;
            if (keepDownFor > TimeSpan.Zero)
            {
                await Task.Delay(keepDownFor);
            }

            // Act 2: start it again; the hosts find it by themselves.
            var restarting = load.Clock.Elapsed;
            await server.StartAgainAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var up = load.Clock.Elapsed;
            var serving = await Task.WhenAll(Enumerable.Range(0, 2).Select(host => hosts.WaitForHealthAsync(host, ServingStatus.Serving, TimeSpan.FromSeconds(15))));
            var servingAt = load.Clock.Elapsed;

            // A change made behind the hosts' backs right after the recovery: how long until each host's feed is back.
            await hosts.ExecuteAsync("UPDATE product_stocks SET quantity = 4242 WHERE prod_id = $1 AND area = $2", Untouched.ProdId, (int)Untouched.Area);
            var feedBack = await Task.WhenAll(clients.Select(client => ServedEqualsAsync(client, new() { [Untouched] = 4242 }, TimeSpan.FromSeconds(10))));
            var leftToRun = servingAt + TimeSpan.FromSeconds(1) - load.Clock.Elapsed;
            if (leftToRun > TimeSpan.Zero)
            {
                await Task.Delay(leftToRun);
            }

            await load.StopAsync();

            output.WriteLine($"stop took {(down - stopping).TotalMilliseconds:0} ms; NOT_SERVING after {Ms(notServing[0])} / {Ms(notServing[1])} ms from the stop's end");
            output.WriteLine($"NewOrder during the outage (no retries, 5 s deadline): {string.Join(", ", refusals.Select(r => $"{r.Status} after {r.Took.TotalMilliseconds:0} ms"))}");
            output.WriteLine($"down for {(restarting - down).TotalMilliseconds:0} ms; start again took {(up - restarting).TotalMilliseconds:0} ms; "
                + $"SERVING after {Ms(serving[0])} / {Ms(serving[1])} ms from the start's end");
            output.WriteLine($"a stock change by SQL after the recovery served by the hosts after {Ms(feedBack[0].Took)} / {Ms(feedBack[1].Took)} ms");
            output.WriteLine(string.Join(Environment.NewLine, Enumerable.Range(0, 2).SelectMany(host =>
                hosts.Output(host).Split('\n').Where(line => line.Contains("change feed", StringComparison.Ordinal)).Select(line => $"host {host}: {line.Trim()}"))));
            var duringOutage = load.Reads.Where(r => r.SentAt >= down && r.AnsweredAt <= restarting).ToList();
            var ordersDuringOutage = load.Orders.Where(o => o.SentAt >= down && o.AnsweredAt <= restarting).ToList();
            var ordersAfterRecovery = load.Orders.Where(o => o.SentAt >= servingAt).ToList();
            output.WriteLine($"load: {load.Orders.Count} orders ({load.Acknowledged.Count()} OK), {load.Reads.Count} reads; during the outage "
                + $"{duringOutage.Count} reads ({Summary(duringOutage)}) and {ordersDuringOutage.Count} orders ({Summary(ordersDuringOutage)}); "
                + $"after recovery {ordersAfterRecovery.Count} orders ({Summary(ordersAfterRecovery)})");

            // Assert: degraded while down.
            notServing.Should().OnlyContain(took => took != null && took < TimeSpan.FromSeconds(3), "each host's health check reports NOT_SERVING soon after the database stops");
            refusals.Should().OnlyContain(r => r.Status == StatusCode.Unavailable, "a write without its database fails UNAVAILABLE, which clients may retry");
            refusals.Should().OnlyContain(r => r.Took < TimeSpan.FromSeconds(2), "a write without its database fails fast, not at the 5 s deadline");
            readsDuringOutage.Should().OnlyContain(r => r.ProdId == 1, "reads are served from the read model while the database is down");
            duringOutage.Should().NotBeEmpty().And.OnlyContain(r => r.Status == StatusCode.OK, "every read during the outage is answered from memory");

            // Assert: recovered.
            serving.Should().OnlyContain(took => took != null && took < TimeSpan.FromSeconds(15), "each host reports SERVING again once the database is back");
            feedBack.Should().OnlyContain(f => f.Took != null, "each host's change feed reconnects by itself and carries changes again");
            ordersAfterRecovery.Should().Contain(o => o.Status == StatusCode.OK, "orders succeed again after the recovery");
            var stored = await hosts.OrdersAsync(prefix);
            stored.Keys.Should().Contain(load.Acknowledged, "no acknowledged order is lost to the outage");
            var stock = await hosts.StocksAsync();
            var ordered = stored.Values.SelectMany(lines => lines).GroupBy(l => (l.ProdId, l.Area)).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
            foreach (var (prodId, area) in keys)
            {
                (stock[(prodId, area)] + ordered.GetValueOrDefault((prodId, area))).Should()
                    .Be(DemoDataSet.Product(prodId)!.StockIn(area), $"stock plus stored orders equals the demo stock of product {prodId} in area {area}");
            }

            var inDatabase = keys.ToDictionary(k => k, k => stock[k]);
            for (var host = 0; host < 2; host++)
            {
                var (served, took, rounds) = await ServedEqualsAsync(clients[host], inDatabase, TimeSpan.FromSeconds(10));
                output.WriteLine($"host {host}'s read model equal to the database {Ms(took)} ms after the load stopped, at read round {rounds}");
                served.Should().Equal(inDatabase, $"host {host}'s read model reloads to the database's stock after the outage");
            }
        }
        catch
        {
            output.WriteLine(hosts.Diagnostics());
            throw;
        }
    }

    /// <summary>Places one order and returns its status and how long the answer took.</summary>
    private static async Task<(StatusCode Status, TimeSpan Took)> TimedOrderAsync(ProdStock.ClientSdk.ProdStockClient client, string orderNo)
    {
        var main = new OrderMain { OrderNo = orderNo, UserId = 1, OrderMoney = 1 };
        main.OrderLines.Add(new OrderLine { ProdId = 1, ProdArea = ProdAreas.A, Quantity = 1 });
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await client.Orders.NewOrderAsync(new OrderRequest { OrderMain = main }).DefaultTimeout();
            return (StatusCode.OK, stopwatch.Elapsed);
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, stopwatch.Elapsed);
        }
    }

    /// <summary>Polls a host until it serves <paramref name="expected"/> for every key; the last answers, how long until
    /// equal (null: not within the timeout) and how many rounds of reads that took.</summary>
    private static async Task<(Dictionary<(int ProdId, ProdAreas Area), int> Served, TimeSpan? Took, int Rounds)> ServedEqualsAsync(
        ProdStock.ClientSdk.ProdStockClient client, Dictionary<(int ProdId, ProdAreas Area), int> expected, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var rounds = 1; ; rounds++)
        {
            var served = await PostgresHostGroup.ServedStockAsync(client, expected.Keys);
            if (served.All(s => expected[s.Key] == s.Value))
            {
                return (served, stopwatch.Elapsed, rounds);
            }

            if (stopwatch.Elapsed > timeout)
            {
                return (served, null, rounds);
            }

            await Task.Delay(100);
        }
    }

    private static string Ms(TimeSpan? took) => took is { } t ? t.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : "never";

    private static string Summary(IEnumerable<OrderLoad.Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{g.Key}: {g.Count()}"));
}
