using System.Security.Cryptography.X509Certificates;

namespace ProdStock.Host.Certificates;

/// <summary>A private CA with a server and a client certificate signed by it, as the <c>certs</c> command and Development start-up make them.</summary>
internal sealed class DevelopmentCertificateSet : IDisposable
{
    /// <summary>How long generated certificates are valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(825);

    /// <summary>The common name of the generated client certificate (<c>client.pem</c>).</summary>
    public const string ClientCommonName = "prodstock-client";

    private DevelopmentCertificateSet(X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client)
    {
        Authority = authority;
        Server = server;
        Client = client;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    /// <summary>Creates a new set, valid from one hour ago (clock skew) for <see cref="Lifetime"/>.</summary>
    public static DevelopmentCertificateSet Create(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var notBefore = now.AddHours(-1);
        var notAfter = now.Add(Lifetime);
        var authority = CertificateIssuer.CreateAuthority("ProdStock Development CA", notBefore.AddDays(-1), notAfter.AddDays(1));
        return new DevelopmentCertificateSet(
            authority,
            CertificateIssuer.IssueServer(authority, notBefore, notAfter),
            CertificateIssuer.IssueClient(authority, ClientCommonName, notBefore, notAfter));
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
