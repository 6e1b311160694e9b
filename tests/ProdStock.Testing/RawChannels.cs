using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace ProdStock.Testing;

/// <summary>
/// gRPC channels built without the ClientSdk, so a test can present any client certificate (or none) and trust any CA.
/// </summary>
public static class RawChannels
{
    /// <summary>A TLS channel that trusts <paramref name="trustedAuthority"/> only and presents <paramref name="clientCertificate"/> when given.</summary>
    public static GrpcChannel Tls(Uri address, X509Certificate2 trustedAuthority, X509Certificate2? clientCertificate) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = TestTlsHandler.Create(trustedAuthority, clientCertificate),
            DisposeHttpClient = true,
        });

    /// <summary>A plaintext HTTP/2 (h2c) channel, as a client that skips TLS would open.</summary>
    public static GrpcChannel Plaintext(Uri address) =>
        GrpcChannel.ForAddress(new UriBuilder(address) { Scheme = Uri.UriSchemeHttp }.Uri, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler(),
            DisposeHttpClient = true,
        });
}
