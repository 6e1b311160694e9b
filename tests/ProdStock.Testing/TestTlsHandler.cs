using System.Security.Cryptography.X509Certificates;

namespace ProdStock.Testing;

/// <summary>The HTTP handler of every test client: trusts only the test CA, presents a client certificate when given.</summary>
public static class TestTlsHandler
{
    public static SocketsHttpHandler Create(X509Certificate2 trustedAuthority, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            // The name must match; chain errors are judged against the test CA alone.
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trustedAuthority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(server);
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        return handler;
    }
}
