using ProdStock.ClientSdk;

namespace ProdStock.Testing;

/// <summary>One running host with its own certificates and store, shared by the tests of a collection.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private TestHost? _host;

    public string Folder { get; } = Directory.CreateTempSubdirectory("prodstock-it-").FullName;

    public TestCertificates Certificates { get; private set; } = null!;

    public string StorePath => Path.Combine(Folder, "prodstock.db");

    public TestHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public Uri Address => Host.Address;

    public async Task InitializeAsync()
    {
        Certificates = TestCertificates.Create(Path.Combine(Folder, "certs"));
        _host = await TestHost.StartAsync(Certificates, StorePath);
    }

    /// <summary>A client with this host's CA and client certificate; <paramref name="configure"/> may change any option.</summary>
    public ProdStockClient CreateClient(Action<ProdStockClientOptions>? configure = null)
    {
        var options = ClientOptions();
        configure?.Invoke(options);
        return new ProdStockClient(options);
    }

    public ProdStockClientOptions ClientOptions() => new()
    {
        Address = Address,
        CaCertificatePath = Certificates.CaPath,
        ClientCertificatePath = Certificates.ClientCertificatePath,
        ClientKeyPath = Certificates.ClientKeyPath,
        DefaultDeadline = TimeSpan.FromSeconds(20),
    };

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Certificates?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
