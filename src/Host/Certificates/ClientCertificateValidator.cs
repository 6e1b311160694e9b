using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ProdStock.Host.Certificates;

/// <summary>
/// Accepts a client certificate only when it chains to the configured CA (a custom trust root: the machine's store is
/// never consulted), is inside its validity period and carries the <c>clientAuth</c> extended key usage.
/// </summary>
internal sealed class ClientCertificateValidator(X509Certificate2 authority, TimeProvider clock, HandshakeFailureLog refusals)
{
    public bool Validate(X509Certificate? presented, X509Chain? _, SslPolicyErrors __)
    {
        if (presented is null)
        {
            refusals.Refused("no client certificate was presented", "(none)");
            return false;
        }

        using var copy = presented is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        var certificate = copy ?? (X509Certificate2)presented;
        var problem = FindProblem(certificate);
        if (problem is null)
        {
            return true;
        }

        refusals.Refused(problem, certificate.Subject);
        return false;
    }

    /// <summary>Why <paramref name="certificate"/> is not acceptable, or <see langword="null"/> when it is.</summary>
    public string? FindProblem(X509Certificate2 certificate)
    {
        if (!HasClientAuth(certificate))
        {
            return "the certificate does not carry the clientAuth extended key usage";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(CertificateIssuer.ClientAuth);
        if (chain.Build(certificate))
        {
            return null;
        }

        var reasons = chain.ChainStatus
            .Where(status => status.Status != X509ChainStatusFlags.NoError)
            .Select(status => $"{status.Status}: {status.StatusInformation.Trim()}");
        return "the certificate does not chain to the configured CA or is not valid now (" + string.Join("; ", reasons) + ")";
    }

    private static bool HasClientAuth(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension usage)
            {
                foreach (var oid in usage.EnhancedKeyUsages)
                {
                    if (oid.Value == CertificateIssuer.ClientAuth.Value)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
