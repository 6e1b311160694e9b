using ProdStock.Testing;

namespace ProdStock.BrowserTests;

/// <summary>The tests that share one host whose REST listener a browser can reach.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserHostCollection : ICollectionFixture<BrowserHostFixture>
{
    public const string Name = "browser host";
}

/// <summary>
/// A host whose REST listener does not ask for a client certificate (the explicit, logged opt-in
/// <c>ProdStock:Rest:ClientCertificates=Ignore</c>): a headless browser cannot present one. Everything else is the
/// usual test host: 127.0.0.1, port 0, the test CA's server certificate, a temporary store with the demo data.
/// </summary>
public sealed class BrowserHostFixture : IAsyncLifetime
{
    private readonly TestWorkspace _workspace = new();
    private TestHost? _host;

    public TestHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    /// <summary>The REST listener by IP address (it listens on 127.0.0.1 only; the browser must not try ::1 first).</summary>
    public Uri RestAddress => new UriBuilder(Host.RestAddress) { Host = "127.0.0.1" }.Uri;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, "--ProdStock:Rest:ClientCertificates=Ignore");

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _workspace.Dispose();
    }
}
