using ProdStock.ClientSdk;

namespace ProdStock.Testing;

/// <summary>One running host with its own certificates and store, shared by the tests of a collection.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private readonly TestWorkspace _workspace = new();
    private TestHost? _host;

    public string Folder => _workspace.Folder;

    public TestCertificates Certificates => _workspace.Certificates;

    public string StorePath => _workspace.StorePath;

    public TestHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public Uri Address => Host.Address;

    public Uri RestAddress => Host.RestAddress;

    /// <summary>An HttpClient for the REST gateway with this host's CA and client certificate.</summary>
    public HttpClient CreateRestClient() => RestClients.Create(RestAddress, Certificates.Authority, Certificates.Client);

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(Certificates, StorePath);

    /// <summary>A client with this host's CA and client certificate; <paramref name="configure"/> may change any option.</summary>
    public ProdStockClient CreateClient(Action<ProdStockClientOptions>? configure = null) => _workspace.CreateClient(Address, configure);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _workspace.Dispose();
    }
}
