using System.Security.Cryptography.X509Certificates;

namespace ProdStock.Testing;

/// <summary>HttpClients for the REST gateway that trust only the test CA and present a client certificate when given.</summary>
public static class RestClients
{
    public static HttpClient Create(Uri baseAddress, X509Certificate2 trustedAuthority, X509Certificate2? clientCertificate) =>
        new(TestTlsHandler.Create(trustedAuthority, clientCertificate)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
}
