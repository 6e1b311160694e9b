using ProdStock.ClientSdk;

namespace ProdStock.Testing;

/// <summary>A temporary folder with its own certificates and store path, for tests that start and stop hosts themselves.</summary>
public sealed class TestWorkspace : IDisposable
{
    public TestWorkspace()
    {
        Folder = Directory.CreateTempSubdirectory("prodstock-ws-").FullName;
        Certificates = TestCertificates.Create(Path.Combine(Folder, "certs"));
    }

    public string Folder { get; }

    public TestCertificates Certificates { get; }

    public string StorePath => Path.Combine(Folder, "prodstock.db");

    public ProdStockClient CreateClient(Uri address, Action<ProdStockClientOptions>? configure = null)
    {
        var options = new ProdStockClientOptions
        {
            Address = address,
            CaCertificatePath = Certificates.CaPath,
            ClientCertificatePath = Certificates.ClientCertificatePath,
            ClientKeyPath = Certificates.ClientKeyPath,
            DefaultDeadline = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        return new ProdStockClient(options);
    }

    public void Dispose()
    {
        Certificates.Dispose();
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
