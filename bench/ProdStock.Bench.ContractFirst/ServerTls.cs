using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProdStock.Bench.ContractFirst;

/// <summary>
/// The server certificate and the client CA from PEM files, with the host's client-certificate rule
/// (src/Host/Certificates/ClientCertificateValidator.cs): the <c>clientAuth</c> usage and a chain to the configured CA
/// alone (custom root trust, no revocation check), valid now.
/// </summary>
internal sealed class ServerTls
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly X509Certificate2 _authority;

    private ServerTls(X509Certificate2 authority, SslStreamCertificateContext context)
    {
        _authority = authority;
        Context = context;
    }

    public SslStreamCertificateContext Context { get; }

    public static ServerTls Load(string caPath, string certificatePath, string keyPath)
    {
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
        using var fromPem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform (as the host does).
        var server = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        var trust = SslCertificateTrust.CreateForX509Collection([authority], sendTrustInHandshake: true);
        var context = SslStreamCertificateContext.Create(server, additionalCertificates: null, offline: true, trust);
        return new ServerTls(authority, context);
    }

    public bool IsAcceptableClient(X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        using var copy = presented is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        var certificate = copy ?? (X509Certificate2)presented;
        if (!certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(usage => usage.EnhancedKeyUsages[ClientAuth.Value!] is not null))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuth);
        return chain.Build(certificate);
    }
}
