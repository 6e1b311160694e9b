using System.Security.Cryptography.X509Certificates;

namespace ProdStock.UnitTests.Infrastructure;

/// <summary>Reads what the tests check in certificates.</summary>
internal static class Certificates
{
    public static T? Extension<T>(this X509Certificate2 certificate)
        where T : X509Extension => certificate.Extensions.OfType<T>().SingleOrDefault();

    public static IReadOnlyList<string> ExtendedKeyUsages(this X509Certificate2 certificate) =>
        certificate.Extension<X509EnhancedKeyUsageExtension>() is { } usage
            ? usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(oid => oid.Value!).ToList()
            : [];

    /// <summary>Whether <paramref name="certificate"/> chains to <paramref name="authority"/> as the only trusted root.</summary>
    public static bool ChainsTo(this X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate)
            && chain.ChainElements[^1].Certificate.Thumbprint == authority.Thumbprint;
    }
}
