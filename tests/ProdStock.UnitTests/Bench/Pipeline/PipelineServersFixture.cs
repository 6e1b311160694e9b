using ProdStock.Bench.Pipeline;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Bench.Pipeline;

/// <summary>Servers A and B on the in-process transport, each with its own temporary SQLite store, shared by a test class.</summary>
public sealed class PipelineServersFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    internal PipelineServer A { get; private set; } = null!;

    internal PipelineServer B { get; private set; } = null!;

    internal PipelineServer Server(ServerKind kind) => kind == ServerKind.A ? A : B;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Timeout);
        A = await PipelineServer.StartAsync(ServerKind.A, _folder.Path, PipelineBenchmarks.StreamBatchSize, timeout.Token).DefaultTimeout();
        B = await PipelineServer.StartAsync(ServerKind.B, _folder.Path, PipelineBenchmarks.StreamBatchSize, timeout.Token).DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync().DefaultTimeout();
        }

        if (B is not null)
        {
            await B.DisposeAsync().DefaultTimeout();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
