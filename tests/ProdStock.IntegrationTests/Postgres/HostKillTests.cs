using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;
using ProdStock.Testing.Postgres;
using Xunit.Abstractions;

namespace ProdStock.IntegrationTests.Postgres;

/// <summary>
/// One of two hosts on a PostgreSQL database killed with SIGKILL while both take orders: the other keeps serving,
/// every acknowledged order is stored, and the stock still adds up.
/// </summary>
public sealed class HostKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NewOrder_OneOfTwoHostsKilledDuringLoad_OtherServesAndAcknowledgedOrdersAndStockAddUp()
    {
        // Arrange: two hosts with three callers each on 40 product-areas.
        var server = await PostgresServer.SharedAsync().WaitAsync(PostgresServer.StartTimeout);
        await using var hosts = await PostgresHostGroup.StartAsync(server, 2, "host_kill");
        output.WriteLine($"two hosts listening after {hosts.StartDuration.TotalMilliseconds:0} ms");
        var clients = hosts.CreateClients(options => options.DefaultDeadline = TimeSpan.FromSeconds(5));
        (int ProdId, ProdAreas Area)[] keys = [.. Enumerable.Range(1, 20).SelectMany(id => new[] { (id, ProdAreas.A), (id, ProdAreas.C) })];
        const string prefix = "kill";
        await using var load = OrderLoad.Start(prefix, clients, callersPerHost: 3, readersPerHost: 0, keys);
        try
        {
            (await load.WaitForAcknowledgedAsync(100, TimeSpan.FromSeconds(20))).Should().BeTrue($"both hosts take orders before the kill (answers so far: {Summary(load.Orders)})");

            // Act: kill -9 host 0 in the middle of the load, keep ordering on both for 1.5 s.
            var killing = load.Clock.Elapsed;
            hosts.Kill(0);
            var killedAt = load.Clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await load.StopAsync();

            // Assert
            var afterKill = load.Orders.Where(o => o.Host == 1 && o.SentAt > killedAt).ToList();
            output.WriteLine($"{load.Acknowledged.Count()} orders acknowledged; kill from {killing.TotalMilliseconds:0} to {killedAt.TotalMilliseconds:0} ms; host 1 answered "
                + $"{afterKill.Count} orders sent after the kill ({afterKill.Count(o => o.Status == StatusCode.OK)} OK); host 0 answered "
                + $"{load.Orders.Count(o => o.Host == 0 && o.SentAt > killedAt)} after it ({Summary(load.Orders.Where(o => o.Host == 0 && o.SentAt > killedAt))})");
            afterKill.Count(o => o.Status == StatusCode.OK).Should().BeGreaterThan(10, "the surviving host keeps taking orders after the kill");
            afterKill.Should().OnlyContain(o => o.Status == StatusCode.OK || o.Status == StatusCode.FailedPrecondition,
                $"the surviving host's orders after the kill succeed or find the stock empty, nothing else ({Summary(afterKill)})");

            var stored = await hosts.OrdersAsync(prefix);
            stored.Keys.Should().Contain(load.Acknowledged, "every acknowledged order is durable, on whichever host it was placed");
            stored.Values.Should().OnlyContain(lines => lines.Count == 1, "a stored order keeps its line");
            var stock = await hosts.StocksAsync();
            var ordered = stored.Values.SelectMany(lines => lines).GroupBy(l => (l.ProdId, l.Area)).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
            foreach (var (prodId, area) in keys)
            {
                (stock[(prodId, area)] + ordered.GetValueOrDefault((prodId, area))).Should()
                    .Be(DemoDataSet.Product(prodId)!.StockIn(area), $"stock plus stored orders equals the demo stock of product {prodId} in area {area}");
            }

            var served = await PostgresHostGroup.ServedStockAsync(clients[1], keys);
            served.Should().Equal(keys.ToDictionary(k => k, k => stock[k]), "the surviving host's read model equals the database");
        }
        catch
        {
            output.WriteLine(hosts.Diagnostics());
            throw;
        }
    }

    private static string Summary(IEnumerable<OrderLoad.Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{g.Key}: {g.Count()}"));
}
