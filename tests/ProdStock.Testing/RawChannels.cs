using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace ProdStock.Testing;

/// <summary>
/// gRPC channels built without the ClientSdk, so a test can present any client certificate (or none) and trust any CA.
/// </summary>
public static class RawChannels
{
    /// <summary>A TLS channel that trusts <paramref name="trustedAuthority"/> only and presents <paramref name="clientCertificate"/> when given.</summary>
    public static GrpcChannel Tls(Uri address, X509Certificate2 trustedAuthority, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null)
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

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>A plaintext HTTP/2 (h2c) channel, as a client that skips TLS would open.</summary>
    public static GrpcChannel Plaintext(Uri address) =>
        GrpcChannel.ForAddress(new UriBuilder(address) { Scheme = Uri.UriSchemeHttp }.Uri, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler(),
            DisposeHttpClient = true,
        });
}
