using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.Bench;

/// <summary>What <c>load</c> measured: a host with many demo products, from start to serving.</summary>
internal sealed record LoadReport(
    DateTimeOffset StartedUtc,
    MachineInfo Machine,
    BenchSettings Settings,
    string Pinning,
    string Server,
    string? ReadModelLoaded,
    double? ReadModelLoadMs,
    double? ReadModelMiB,
    double SecondsToListening,
    double SecondsToFirstAnswer,
    ProdResponse LastProduct,
    string BeyondLastProduct,
    double RssAfterLoadMiB,
    RunResult Unary,
    double RssAfterUnaryMiB,
    double PeakRssMiB);

/// <summary>
/// <c>load</c>: starts one host with <see cref="BenchSettings.Products"/> demo products and reports how long it took to
/// load (the host's "Read model loaded" line, and the wall time to its first answer), its resident memory after loading
/// and after a short unary load, and that it answers for the last product (and NOT_FOUND for the one after).
/// </summary>
internal static partial class LoadMode
{
    public static async Task RunAsync(Session session)
    {
        var settings = session.Settings;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: host on {settings.Store} with {settings.Products:#,0} demo products; up to {session.ReadyTimeout.TotalMinutes:0} min to start"));
        var host = session.Start("A", contractFirst: false, settings.Store, rest: false);
        await host.WaitUntilReadyAsync(session.ReadyTimeout, session.Abort);
        var last = await session.AskAsync(host, settings.Products, ProdAreas.C);
        var firstAnswer = host.Age;
        var expected = DemoDataSet.Products(settings.Products).Last().StockIn(ProdAreas.C);
        if (last.ProdId != settings.Products || last.ProdStock != expected)
        {
            throw new InvalidOperationException($"asked for product {settings.Products}, got {last.ProdId} with stock {last.ProdStock} (demo data: {expected})");
        }

        string beyond;
        try
        {
            beyond = $"answered stock {(await session.AskAsync(host, settings.Products + 1, ProdAreas.C)).ProdStock}: the store holds more products than asked";
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            beyond = "NOT_FOUND";
        }

        var rssLoaded = host.MemoryMiB("VmRSS");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{host.ReadModelLoaded}; listening after {host.StartupTime.TotalSeconds:0.0} s, first answer after {firstAnswer.TotalSeconds:0.0} s; RSS {rssLoaded:0} MiB"));

        session.Affinity.PinSelf();
        var (channels, callers) = Scenario.For("unary").Defaults(compareStore: true);
        var unary = await LoadRun.RunAsync(Scenario.For("unary"), Target.Of(host), settings, settings.Channels ?? channels, settings.Callers.FirstOrDefault(callers), 1, 1, session.Certificates, session.Abort);
        Console.Error.WriteLine($"unary: {CompareMode.Describe(unary)}");
        var match = ReadModelLine().Match(host.ReadModelLoaded ?? "");
        var report = new LoadReport(
            session.Started, session.Machine, settings, session.Affinity.Reason, host.Description, host.ReadModelLoaded,
            match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            match.Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null,
            host.StartupTime.TotalSeconds, firstAnswer.TotalSeconds, last, beyond, rssLoaded, unary, host.MemoryMiB("VmRSS"), host.MemoryMiB("VmHWM"));
        var markdown = Write(report);
        Console.WriteLine();
        Console.WriteLine(markdown);
        await session.SaveAsync("load", report, markdown);
    }

    private static string Write(LoadReport r) => string.Create(CultureInfo.InvariantCulture, $"""
        ### ProdStock load: {r.Server}, {r.Settings.Products:#,0} demo products

        {MarkdownReport.Header(r.StartedUtc, r.Machine, r.Pinning)}

        | what | value |
        |---|---|
        | read model load (host log: reading the store into the read model) | {r.ReadModelLoadMs:#,0} ms, products ~{r.ReadModelMiB:#,0.0} MB |
        | process start → listening (runtime start, schema, demo data seeded, read model loaded) | {r.SecondsToListening:0.0} s |
        | process start → first answer (GetProdStock of product {r.LastProduct.ProdId:#,0}, area C) | {r.SecondsToFirstAnswer:0.0} s (stock {r.LastProduct.ProdStock}, as in the demo data) |
        | product {r.Settings.Products + 1:#,0} | {r.BeyondLastProduct} |
        | RSS (VmRSS) after load | {r.RssAfterLoadMiB:#,0} MiB |
        | unary GetProdStock, {r.Unary.Channels} × {r.Unary.CallersPerChannel} callers, {r.Unary.WindowSeconds:0} s | {(r.Unary.Errors > 0 ? $"ERRORS {r.Unary.Errors}" : $"{r.Unary.CallsPerSecond:#,0} calls/s")}, p50 {r.Unary.P50Ms:0.00} / p99 {r.Unary.P99Ms:0.00} ms |
        | RSS after the unary load / peak (VmHWM) | {r.RssAfterUnaryMiB:#,0} / {r.PeakRssMiB:#,0} MiB |

        The host log line: `{r.ReadModelLoaded}`
        """);

    [GeneratedRegex(@"in (\d+) ms \(products ~([\d.]+) MB\)")]
    private static partial Regex ReadModelLine();
}
