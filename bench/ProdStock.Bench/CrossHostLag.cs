using System.Diagnostics;
using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProtoBuf.Grpc;

namespace ProdStock.Bench;

/// <summary>One sample: an order placed through <paramref name="Writer"/>, and how long after its answer <paramref name="Reader"/> showed the new level.</summary>
/// <param name="LagMs">From the writer's OK to the end of the reader's first answer with the new level (null: not seen within <see cref="CrossHostLag.GiveUpAfter"/>).</param>
/// <param name="Reads">The reader's answers it took, the one with the new level included.</param>
internal sealed record LagSample(string Writer, string Reader, bool UnderLoad, double? LagMs, int Reads);

/// <summary>The percentiles of a set of samples, and the reader's first round trip after the order, which bounds their resolution.</summary>
internal sealed record LagSummary(string When, int Samples, int NotSeen, double P50Ms, double P90Ms, double P99Ms, double MaxMs, int SeenAtFirstRead, double ReadRoundTripP50Ms)
{
    public static LagSummary Of(string when, IReadOnlyList<LagSample> samples, IReadOnlyList<double> roundTrips)
    {
        var lags = samples.Where(s => s.LagMs is not null).Select(s => s.LagMs!.Value).Order().ToList();
        return new LagSummary(
            when, samples.Count, samples.Count - lags.Count, Percentile(lags, 0.50), Percentile(lags, 0.90), Percentile(lags, 0.99),
            lags.Count > 0 ? lags[^1] : double.NaN, samples.Count(s => s.LagMs is not null && s.Reads == 1), Percentile([.. roundTrips.Order()], 0.50));
    }

    /// <summary>The q-quantile (nearest rank) of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>
/// How soon one host shows an order another host committed: a one-line order of 1 unit through one host (a slot of the
/// shared demo stock that no other order touches meanwhile), then the other host's <c>GetProdStock</c> back to back
/// until it answers the level one below what it answered just before the order. The writer alternates (C1 → C2,
/// C2 → C1). The lag runs from the writer's OK, so it is what a client that got its answer and asks the other host
/// waits; it includes up to one round trip of the reader.
/// </summary>
internal static class CrossHostLag
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Takes up to <paramref name="count"/> samples (fewer when <paramref name="stop"/> says so first), adding the
    /// reader's first round trip after each order (ms) to <paramref name="roundTrips"/>: the lag's resolution.
    /// </summary>
    public static async Task<List<LagSample>> SampleAsync(
        Target pair, BenchSettings settings, CertificateSet certificates, int count, bool underLoad, Func<bool> stop, List<double> roundTrips, CancellationToken cancellationToken)
    {
        var clients = pair.Servers.Select(server => new ProdStockClient(new ProdStockClientOptions
        {
            Address = server.GrpcAddress,
            CaCertificatePath = certificates.CaPath,
            ClientCertificatePath = certificates.ClientCertificatePath,
            ClientKeyPath = certificates.ClientKeyPath,
            DefaultDeadline = TimeSpan.FromSeconds(30),
            RetryReadOnlyCalls = false,
            RetryIdempotentWrites = false,
            ValidateRequests = false,
        })).ToArray();
        try
        {
            var stock = DemoStock.For(pair.Store, settings.Products);
            var context = new CallContext(new CallOptions(cancellationToken: cancellationToken));
            var samples = new List<LagSample>();

            // The first samples open the connections and compile the code: taken, not kept.
            for (var i = -4; i < count && !stop(); i++)
            {
                var (writer, reader) = (clients[(i + 4) % 2], clients[(i + 5) % 2]);
                var (claim, prodId, area) = stock.Take();
                var request = new ProdRequest { ProdId = prodId, ProdArea = area };
                var before = (await reader.Products.GetProdStockAsync(request, context)).ProdStock;
                var placed = await writer.Orders.NewOrderAsync(new OrderRequest
                {
                    OrderMain = new OrderMain
                    {
                        OrderNo = $"lag-{claim}",
                        UserId = 1 + (int)(claim % 1000),
                        OrderMoney = 9.99f,
                        OrderLines = [new OrderLine { ProdId = prodId, ProdArea = area, Quantity = 1 }],
                    },
                }, context);
                var acknowledged = Stopwatch.GetTimestamp();
                if (placed.Status != "OK")
                {
                    throw new InvalidOperationException($"lag sample {claim}: the order through {pair.Servers[(i + 4) % 2].Label} answered '{placed.Status}'");
                }

                var (reads, seen, firstRead) = (0, (double?)null, 0.0);
                while (seen is null && Stopwatch.GetElapsedTime(acknowledged) < GiveUpAfter)
                {
                    var start = Stopwatch.GetTimestamp();
                    var now = (await reader.Products.GetProdStockAsync(request, context)).ProdStock;
                    var end = Stopwatch.GetTimestamp();
                    if (reads++ == 0)
                    {
                        firstRead = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
                    }

                    if (now <= before - 1)
                    {
                        seen = Stopwatch.GetElapsedTime(acknowledged, end).TotalMilliseconds;
                    }
                }

                if (i >= 0)
                {
                    samples.Add(new LagSample(pair.Servers[(i + 4) % 2].Label, pair.Servers[(i + 5) % 2].Label, underLoad, seen, reads));
                    roundTrips.Add(firstRead);
                }
            }

            return samples;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
