using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>
/// The host starts no ASP.NET Core activity per request unless configuration asks for the hosting diagnostics logger
/// (Hosting/RequestActivityDefault). Nothing in this test assembly registers an ActivityListener.
/// </summary>
public sealed class RequestActivityTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task GetProdStock_DefaultLogging_RunsWithoutARequestActivity()
    {
        var seen = await ActivitySeenByTheStoreAsync();

        seen.Should().BeNull();
    }

    [Fact]
    public async Task GetProdStock_HostingDiagnosticsConfigured_RunsInsideARequestActivity()
    {
        var seen = await ActivitySeenByTheStoreAsync("--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information");

        seen.Should().NotBeNull();
        seen!.OperationName.Should().Be("Microsoft.AspNetCore.Hosting.HttpRequestIn");
    }

    public void Dispose() => _workspace.Dispose();

    private async Task<Activity?> ActivitySeenByTheStoreAsync(params string[] arguments)
    {
        var store = new ActivityRecordingStore();
        await using var host = await TestHost.StartAsync(
            _workspace.Certificates, _workspace.StorePath, services => services.AddSingleton<IProductStore>(store), arguments);
        using var client = _workspace.CreateClient(host.Address);

        var response = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout();

        response.ProdStock.Should().Be(ActivityRecordingStore.Stock);
        return store.Seen.Should().ContainSingle().Subject;
    }

    private sealed class ActivityRecordingStore : IProductStore
    {
        public const int Stock = 42;

        public ConcurrentQueue<Activity?> Seen { get; } = new();

        public ValueTask<int?> FindStockAsync(int prodId, ProdAreas area, CancellationToken cancellationToken)
        {
            Seen.Enqueue(Activity.Current);
            return ValueTask.FromResult<int?>(Stock);
        }

        public ValueTask<IReadOnlyList<ProductStock>> ListStocksAsync(int count, ProdAreas area, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask<Product?> FindProductAsync(int prodId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
