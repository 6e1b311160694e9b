using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProdStock.Host.Certificates;

/// <summary>
/// Makes a private certificate authority and certificates signed by it (ECDSA P-256, SHA-256).
/// Every issued certificate carries the Subject Alternative Names DNS <c>localhost</c>, IP <c>127.0.0.1</c> and IP <c>::1</c>,
/// so no client ever has to fall back on the legacy Common Name.
/// </summary>
internal static class CertificateIssuer
{
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>Creates a self-signed certificate authority that may sign end-entity certificates only.</summary>
    public static X509Certificate2 CreateAuthority(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}, O=ProdStock"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>Issues an end-entity certificate signed by <paramref name="authority"/> with the given extended key usages.</summary>
    public static X509Certificate2 Issue(
        X509Certificate2 authority,
        string commonName,
        IReadOnlyCollection<Oid> extendedKeyUsages,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(authority);
        using var authorityKey = authority.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The authority certificate has no ECDSA private key.", nameof(authority));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}, O=ProdStock"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (extendedKeyUsages.Count > 0)
        {
            var usages = new OidCollection();
            foreach (var usage in extendedKeyUsages)
            {
                usages.Add(usage);
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        }

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        var generator = X509SignatureGenerator.CreateForECDsa(authorityKey);
        using var issued = request.Create(authority.SubjectName, generator, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Issues a server certificate (<c>serverAuth</c>).</summary>
    public static X509Certificate2 IssueServer(X509Certificate2 authority, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue(authority, "localhost", [ServerAuth], notBefore, notAfter);

    /// <summary>Issues a client certificate (<c>clientAuth</c>).</summary>
    public static X509Certificate2 IssueClient(X509Certificate2 authority, string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue(authority, commonName, [ClientAuth], notBefore, notAfter);
}
