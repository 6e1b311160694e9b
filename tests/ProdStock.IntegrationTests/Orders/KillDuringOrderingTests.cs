using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Orders;

/// <summary>
/// A host process killed with SIGKILL while orders are being placed, then started again on the same file: every
/// acknowledged order is there with its lines, and for every product-area the demo stock equals the current stock plus
/// the quantities of the stored orders.
/// </summary>
public sealed class KillDuringOrderingTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task NewOrder_HostKilledDuringConcurrentOrdering_AcknowledgedOrdersAndTheirStockSurviveTheRestart()
    {
        string[] arguments =
        [
            "--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Rest:Enabled=false", "--ProdStock:Management:Port=0",
            $"--ProdStock:Store:Path={_workspace.StorePath}", .. TestHost.CertificateArguments(_workspace.Certificates),
        ];
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using (var host = HostProcess.Start(_workspace.Folder, "Production", arguments))
        {
            var address = await host.ListeningAsync(ProcessTimeout);
            using var client = _workspace.CreateClient(address, options => options.DefaultDeadline = TimeSpan.FromSeconds(10));
            using var stop = new CancellationTokenSource();
            var callers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var orderNo = $"kill-{caller}-{i}";
                    var prodId = 1 + ((caller * 37 + i) % 50);
                    try
                    {
                        await client.Orders.NewOrderAsync(new OrderRequest
                        {
                            OrderMain = new OrderMain
                            {
                                OrderNo = orderNo, UserId = 1, OrderMoney = 1,
                                OrderLines = [new OrderLine { ProdId = prodId, ProdArea = (ProdAreas)(i % 3), Quantity = 1 }, new OrderLine { ProdId = 51 + caller, ProdArea = ProdAreas.A, Quantity = 1 }],
                            },
                        });
                        acknowledged.Add(orderNo);
                    }
                    catch (RpcException)
                    {
                        // Refused (short of stock) or cut off by the kill: not acknowledged.
                    }
                }
            })).ToArray();

            // Let orders flow, then kill the host in the middle of them.
            while (acknowledged.Count < 300)
            {
                await Task.Delay(20);
            }

            host.KillNow();
            await stop.CancelAsync();
            await Task.WhenAll(callers).WaitAsync(ProcessTimeout);
        }

        using var restarted = HostProcess.Start(_workspace.Folder, "Production", arguments);
        var restartedAddress = await restarted.ListeningAsync(ProcessTimeout);
        var stored = await StockDatabase.OrdersAsync(_workspace.StorePath);
        var stock = await StockDatabase.StockAsync(_workspace.StorePath);

        stored.Keys.Should().Contain(acknowledged, "every acknowledged order is durable");
        stored.Where(o => acknowledged.Contains(o.Key)).Should().OnlyContain(o => o.Value.Count == 2, "an acknowledged order keeps its lines");
        var ordered = stored.Values.SelectMany(lines => lines).GroupBy(l => (l.ProdId, l.Area)).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        foreach (var product in DemoDataSet.Products())
        {
            foreach (var area in Enum.GetValues<ProdAreas>())
            {
                (stock[(product.ProdId, area)] + ordered.GetValueOrDefault((product.ProdId, area))).Should().Be(product.StockIn(area), $"product {product.ProdId} in area {area}");
            }
        }

        using var client2 = _workspace.CreateClient(restartedAddress);
        var served = await client2.Products.GetProdStockAsync(new ProdRequest { ProdId = 51 }).DefaultTimeout();
        served.ProdStock.Should().Be(stock[(51, ProdAreas.A)], "the restarted host's read model is loaded from the file");
    }

    public void Dispose() => _workspace.Dispose();
}
