using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using ProdStock.Host.Certificates;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Configures Kestrel's gRPC endpoint: HTTP/2 over TLS 1.2+ with a required client certificate validated by
/// <see cref="ClientCertificateValidator"/>. The server names its CA in the handshake, so clients holding several
/// certificates pick the right one. Certificates are read when the first connection arrives or when
/// <see cref="ServerTlsMaterial.EnsureLoaded"/> runs at start, never while the application is built.
/// </summary>
internal sealed class KestrelEndpointSetup(
    IOptions<ProdStockHostOptions> options,
    ServerTlsMaterial tls) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        GrpcEndpointOptions grpc;
        try
        {
            grpc = options.Value.Grpc;
        }
        catch (OptionsValidationException)
        {
            // Kestrel reads its options while the application is built; invalid settings are reported
            // (with a non-zero exit code) by StartProdStockAsync, which validates them before anything starts.
            return;
        }

        var handshake = new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = tls.CertificateContext,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => tls.ClientValidator.Validate(certificate, chain, errors),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
            }),
        };

        void Https(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(handshake);
        }

        switch (grpc.Host)
        {
            case "*":
                kestrel.ListenAnyIP(grpc.Port, Https);
                break;
            case "localhost":
                kestrel.ListenLocalhost(grpc.Port, Https);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(grpc.Host), grpc.Port, Https);
                break;
        }
    }
}
