using System.Security.Cryptography.X509Certificates;
using ProdStock.Host.Certificates;

namespace ProdStock.Testing;

/// <summary>
/// A CA with a server and a client certificate, made by the project's own certificate code and written as PEM files
/// into a folder; plus helpers for the certificates a test needs to be refused.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string folder, X509Certificate2 authority, X509Certificate2 client)
    {
        Folder = folder;
        Authority = authority;
        Client = client;
    }

    public string Folder { get; }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Client { get; }

    public string CaPath => Path.Combine(Folder, "ca.pem");

    public string ServerCertificatePath => Path.Combine(Folder, "server.pem");

    public string ServerKeyPath => Path.Combine(Folder, "server.key");

    public string ClientCertificatePath => Path.Combine(Folder, "client.pem");

    public string ClientKeyPath => Path.Combine(Folder, "client.key");

    /// <summary>Creates the set with the host's <c>certs</c> code in <paramref name="folder"/>.</summary>
    public static TestCertificates Create(string folder)
    {
        DevelopmentCertificateWriter.Write(folder, force: false, TimeProvider.System);
        var authority = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "ca.pem"), Path.Combine(folder, "ca", "ca.key"));
        var client = PemFiles.LoadWithKey(Path.Combine(folder, "client.pem"), Path.Combine(folder, "client.key"));
        return new TestCertificates(folder, authority, client);
    }

    /// <summary>A client certificate signed by this set's CA, with a chosen validity and extended key usages.</summary>
    public X509Certificate2 IssueClient(DateTimeOffset notBefore, DateTimeOffset notAfter, params System.Security.Cryptography.Oid[] usages) =>
        Reload(CertificateIssuer.Issue(Authority, "test-client", usages, notBefore, notAfter));

    /// <summary>
    /// Issues one more client certificate, CN <paramref name="name"/>, as <c>certs --client NAME</c> does: written as
    /// <c>{name}.pem</c>/<c>{name}.key</c> into <see cref="Folder"/> (see <see cref="CertificatePathOf"/>), and returned with its key.
    /// </summary>
    public X509Certificate2 IssueNamedClient(string name)
    {
        DevelopmentCertificateWriter.WriteClient(Folder, name, force: false, TimeProvider.System);
        return PemFiles.LoadWithKey(CertificatePathOf(name), KeyPathOf(name));
    }

    /// <summary>The PEM certificate file of a client certificate made by <see cref="IssueNamedClient"/>.</summary>
    public string CertificatePathOf(string name) => Path.Combine(Folder, name + ".pem");

    /// <summary>The PEM key file of a client certificate made by <see cref="IssueNamedClient"/>.</summary>
    public string KeyPathOf(string name) => Path.Combine(Folder, name + ".key");

    /// <summary>A client certificate signed by an unrelated CA with the same name.</summary>
    public static X509Certificate2 IssueClientFromOtherAuthority()
    {
        var now = DateTimeOffset.UtcNow;
        using var other = CertificateIssuer.CreateAuthority("ProdStock Development CA", now.AddDays(-1), now.AddDays(30));
        return Reload(CertificateIssuer.IssueClient(other, "intruder", now.AddHours(-1), now.AddDays(10)));
    }

    public void Dispose()
    {
        Authority.Dispose();
        Client.Dispose();
    }

    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
