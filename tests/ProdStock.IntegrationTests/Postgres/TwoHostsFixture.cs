using ProdStock.ClientSdk;
using ProdStock.Testing.Postgres;

namespace ProdStock.IntegrationTests.Postgres;

/// <summary>
/// Two host processes on one fresh database of the shared PostgreSQL server, for the tests of
/// <see cref="TwoHostOrderingTests"/>; each test works on product-areas and order numbers of its own.
/// </summary>
public sealed class TwoHostsFixture : IAsyncLifetime
{
    private PostgresHostGroup? _hosts;

    internal PostgresHostGroup Hosts => _hosts ?? throw new InvalidOperationException("The hosts are not started.");

    /// <summary>One SDK client per host (index 0 and 1), default deadline 10 s.</summary>
    internal ProdStockClient[] Clients { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(PostgresServer.StartTimeout);
        _hosts = await PostgresHostGroup.StartAsync(server, 2, "two_hosts");
        Clients = _hosts.CreateClients();
    }

    public async Task DisposeAsync()
    {
        if (_hosts is not null)
        {
            await _hosts.DisposeAsync();
        }
    }
}
