using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using ProdStock.Bench.ContractFirst;
using ProdStock.Host.Hosting;
using ProdStock.Services.Storage;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// Server A or B built exactly as its program builds it (services, middleware, endpoints, store with the demo data)
/// but served by an <see cref="InProcessServer"/> instead of Kestrel. Both get the end-to-end benchmark's settings that
/// reach a request (bench/ProdStock.Bench): their own SQLite file in <c>folder</c>, the demo data, the stream batch size,
/// warnings-only logging; no TLS material is loaded, as no listener needs it.
/// </summary>
internal sealed class PipelineServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InProcessServer _server;

    private PipelineServer(WebApplication app, InProcessServer server)
    {
        _app = app;
        _server = server;
    }

    /// <summary>Builds and starts server <paramref name="kind"/> with its store in <paramref name="folder"/>.</summary>
    public static async Task<PipelineServer> StartAsync(ServerKind kind, string folder, int streamBatchSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string[] args =
        [
            $"--ProdStock:Store:Path={Path.Combine(folder, kind == ServerKind.A ? "a.db" : "b.db")}",
            "--ProdStock:Store:SeedDemoData=true",
            $"--ProdStock:Users:StreamBatchSize={streamBatchSize}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
        ];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = "Production", ContentRootPath = folder });
        var server = new InProcessServer();
        WebApplication app;
        if (kind == ServerKind.A)
        {
            builder.Services.AddProdStock();
            builder.Services.AddSingleton<IServer>(server);
            app = builder.Build();
            app.MapProdStock();
        }
        else
        {
            builder.AddContractFirstServer();
            builder.Services.AddSingleton<IServer>(server);
            app = builder.Build();
            app.MapContractFirstServer();
        }

        try
        {
            await app.Services.GetRequiredService<IStoreInitializer>().InitializeAsync(cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PipelineServer(app, server);
    }

    /// <summary>
    /// Starts server <paramref name="kind"/> on a SQLite store in a new temporary folder, checks every answer of
    /// <paramref name="scenario"/> on a stream, runs <paramref name="body"/> on that stream, then stops the server and
    /// deletes the folder: the set-up of the benchmark's loop modes.
    /// </summary>
    /// <exception cref="InvalidOperationException">An answer of the scenario is not the right one.</exception>
    public static async Task<int> RunCheckedAsync(ServerKind kind, PipelineScenario scenario, Func<InProcessStream, Task<int>> body)
    {
        var folder = Directory.CreateTempSubdirectory("prodstock-pipeline-");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await using var server = await StartAsync(kind, folder.FullName, PipelineBenchmarks.StreamBatchSize, timeout.Token).ConfigureAwait(false);
            var stream = server.OpenStream();
            await scenario.CheckAllAsync(stream).ConfigureAwait(false);
            return await body(stream).ConfigureAwait(false);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A stream on a connection of <paramref name="listener"/> (the gRPC one unless told): the connection carries the
    /// host's listener tag, as the host's Kestrel connection middleware sets it (server B ignores it).
    /// </summary>
    public InProcessStream OpenStream(ListenerKind listener = ListenerKind.Grpc) =>
        _server.OpenStream(new Dictionary<object, object?> { [ListenerGuardMiddleware.ConnectionItemKey] = listener });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
