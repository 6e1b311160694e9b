using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.Contracts;

namespace ProdStock.IntegrationTests.Postgres;

/// <summary>
/// Load on several hosts at once, recorded call by call: callers place one-line orders under unique order numbers,
/// readers ask for stock. Each answer keeps when it was sent and answered on <see cref="Clock"/>, so a test can ask
/// what happened before, during and after an outage or a kill.
/// </summary>
internal sealed class OrderLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Answer> _orders = new();
    private readonly ConcurrentQueue<Answer> _reads = new();
    private readonly List<Task> _workers = [];

    private OrderLoad()
    {
    }

    /// <summary>The time every answer is stamped with; runs from the start of the load.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>Every NewOrder answered so far.</summary>
    public IReadOnlyCollection<Answer> Orders => _orders;

    /// <summary>Every GetProdStock answered so far.</summary>
    public IReadOnlyCollection<Answer> Reads => _reads;

    /// <summary>The order numbers the hosts answered OK: the orders they promised to keep.</summary>
    public IEnumerable<string> Acknowledged => _orders.Where(o => o.Status == StatusCode.OK).Select(o => o.Key);

    /// <summary>
    /// Starts <paramref name="callersPerHost"/> ordering and <paramref name="readersPerHost"/> reading loops on each
    /// client, over the product-areas of <paramref name="keys"/>; order numbers are <c>{prefix}-{host}-{caller}-{n}</c>.
    /// </summary>
    public static OrderLoad Start(
        string prefix, IReadOnlyList<ProdStockClient> clients, int callersPerHost, int readersPerHost, IReadOnlyList<(int ProdId, ProdAreas Area)> keys)
    {
        var load = new OrderLoad();
        for (var host = 0; host < clients.Count; host++)
        {
            for (var caller = 0; caller < callersPerHost; caller++)
            {
                var (h, c) = (host, caller);
                load._workers.Add(Task.Run(() => load.OrderAsync(prefix, clients[h], h, c, keys)));
            }

            for (var reader = 0; reader < readersPerHost; reader++)
            {
                var (h, r) = (host, reader);
                load._workers.Add(Task.Run(() => load.ReadAsync(clients[h], h, r, keys)));
            }
        }

        return load;
    }

    /// <summary>Waits (bounded) until the hosts acknowledged at least <paramref name="count"/> orders.</summary>
    public async Task<bool> WaitForAcknowledgedAsync(int count, TimeSpan timeout)
    {
        var until = Clock.Elapsed + timeout;
        while (Acknowledged.Count() < count)
        {
            if (Clock.Elapsed > until)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Stops the loops and waits for their last calls, which the clients' deadlines bound.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the loops if the test did not (it failed first), so no call outlives the hosts.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            try
            {
                await StopAsync();
            }
            catch (Exception ex) when (ex is RpcException or TimeoutException or ObjectDisposedException)
            {
                // The test already failed for its own reason.
            }
        }

        _stop.Dispose();
    }

    private async Task OrderAsync(string prefix, ProdStockClient client, int host, int caller, IReadOnlyList<(int ProdId, ProdAreas Area)> keys)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var orderNo = $"{prefix}-{host}-{caller}-{n}";
            var (prodId, area) = keys[((caller * 7) + n) % keys.Count];
            var sentAt = Clock.Elapsed;
            var status = StatusCode.OK;
            var orderId = 0L;
            try
            {
                var main = new OrderMain { OrderNo = orderNo, UserId = 1, OrderMoney = 1 };
                main.OrderLines.Add(new OrderLine { ProdId = prodId, ProdArea = area, Quantity = 1 });
                orderId = (await client.Orders.NewOrderAsync(new OrderRequest { OrderMain = main })).OrderId;
            }
            catch (RpcException ex)
            {
                status = ex.StatusCode;
            }

            _orders.Enqueue(new Answer(orderNo, host, sentAt, Clock.Elapsed, status, orderId));

            // Gentle on a two-core machine, and no tight loop of failures while the database is away.
            await Task.Delay(status is StatusCode.OK or StatusCode.FailedPrecondition ? 5 : 50);
        }
    }

    private async Task ReadAsync(ProdStockClient client, int host, int reader, IReadOnlyList<(int ProdId, ProdAreas Area)> keys)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var (prodId, area) = keys[((reader * 11) + n) % keys.Count];
            var sentAt = Clock.Elapsed;
            var status = StatusCode.OK;
            try
            {
                await client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = area });
            }
            catch (RpcException ex)
            {
                status = ex.StatusCode;
            }

            _reads.Enqueue(new Answer($"{prodId}:{area}", host, sentAt, Clock.Elapsed, status, 0));
            await Task.Delay(20);
        }
    }

    /// <summary>One answered call: its key (order number, or product:area of a read), the host index, when it was sent and
    /// answered on <see cref="Clock"/>, its status and, for a stored order, its id.</summary>
    public sealed record Answer(string Key, int Host, TimeSpan SentAt, TimeSpan AnsweredAt, StatusCode Status, long OrderId);
}
