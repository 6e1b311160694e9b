using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using ProdStock.Host.Certificates;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Configures Kestrel's gRPC endpoint: HTTP/2 over TLS 1.2+ with a required client certificate validated by
/// <see cref="ClientCertificateValidator"/>. The server names its CA in the handshake, so clients holding several
/// certificates pick the right one.
/// </summary>
internal sealed class KestrelEndpointSetup(
    IOptions<ProdStockHostOptions> options,
    ServerTlsMaterial tls,
    TimeProvider clock,
    ILoggerFactory loggers) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var grpc = options.Value.Grpc;
        var validator = new ClientCertificateValidator(tls.Authority, clock, loggers.CreateLogger<ClientCertificateValidator>());
        var trust = SslCertificateTrust.CreateForX509Collection([tls.Authority], sendTrustInHandshake: true);
        var certificateContext = SslStreamCertificateContext.Create(tls.ServerCertificate, additionalCertificates: null, offline: true, trust);

        void Https(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = tls.ServerCertificate,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = validator.Validate,
                CheckCertificateRevocation = false,
                OnAuthenticate = (_, ssl) => ssl.ServerCertificateContext = certificateContext,
            });
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
