using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using ProdStock.Host.Certificates;
using ProdStock.Host.Configuration;
using ClientCertificateMode = ProdStock.Host.Configuration.ClientCertificateMode;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Configures Kestrel's gRPC endpoint: HTTP/2 over TLS 1.2+ with a required client certificate validated by
/// <see cref="ClientCertificateValidator"/>. The server names its CA in the handshake, so clients holding several
/// certificates pick the right one. Certificates are read when the first connection arrives or when
/// <see cref="ServerTlsMaterial.EnsureLoaded"/> runs at start, never while the application is built.
/// </summary>
internal sealed partial class KestrelEndpointSetup(
    IOptions<ProdStockHostOptions> options,
    ServerTlsMaterial tls,
    ListenerAddresses addresses,
    HandshakeFailureLog refusals,
    ILogger<KestrelEndpointSetup> logger) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        // No "server: Kestrel" on any listener: it tells a prober which stack to aim at and no client needs it.
        kestrel.AddServerHeader = false;

        ProdStockHostOptions settings;
        try
        {
            settings = options.Value;
        }
        catch (OptionsValidationException)
        {
            // Kestrel reads its options while the application is built; invalid settings are reported
            // (with a non-zero exit code) by StartProdStockAsync, which validates them before anything starts.
            return;
        }

        if (settings.Grpc.Enabled)
        {
            Listen(kestrel, settings.Grpc.Host, settings.Grpc.Port, ListenerKind.Grpc, HttpProtocols.Http2, ClientCertificateMode.Require);
        }

        if (settings.Rest.Enabled)
        {
            if (settings.Rest.ClientCertificates != ClientCertificateMode.Require)
            {
                LogLoosened(settings.Rest.ClientCertificates, settings.Rest.ClientCertificates == ClientCertificateMode.Allow
                    ? "clients without a certificate are served; a presented certificate is still checked"
                    : "client certificates are not asked for");
            }

            Listen(kestrel, settings.Rest.Host, settings.Rest.Port, ListenerKind.Rest, HttpProtocols.Http1AndHttp2, settings.Rest.ClientCertificates);
        }
    }

    private void Listen(KestrelServerOptions kestrel, string host, int port, ListenerKind kind, HttpProtocols protocols, ClientCertificateMode clientCertificates)
    {
        var handshake = new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = tls.CertificateContext,
                ClientCertificateRequired = clientCertificates != ClientCertificateMode.Ignore,
                RemoteCertificateValidationCallback = clientCertificates switch
                {
                    ClientCertificateMode.Require => (_, certificate, chain, errors) => tls.ClientValidator.Validate(certificate, chain, errors),
                    ClientCertificateMode.Allow => (_, certificate, chain, errors) => certificate is null || tls.ClientValidator.Validate(certificate, chain, errors),
                    _ => (_, _, _, _) => true,
                },
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CipherSuitesPolicy = ServerCipherSuites.Policy,
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                ApplicationProtocols = protocols == HttpProtocols.Http2
                    ? [SslApplicationProtocol.Http2]
                    : [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            }),
        };

        ListenOn(kestrel, host, port, listen =>
        {
            addresses.Record(kind, listen);
            listen.Protocols = protocols;
            ListenerGuardMiddleware.TagConnections(listen, kind);
            TlsHandshakeGuard.Use(listen, refusals);
            listen.UseHttps(handshake);
        });
    }

    /// <summary>Adds a Kestrel endpoint on <paramref name="host"/>: <c>*</c> (every interface), <c>localhost</c>, or an IP address.</summary>
    internal static void ListenOn(KestrelServerOptions kestrel, string host, int port, Action<ListenOptions> configure)
    {
        switch (host)
        {
            case "*":
                kestrel.ListenAnyIP(port, configure);
                break;
            case "localhost":
                kestrel.ListenLocalhost(port, configure);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(host), port, configure);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST gateway: ProdStock:Rest:ClientCertificates is {Mode}: {Effect}. Mutual TLS (Require) is the default.")]
    private partial void LogLoosened(ClientCertificateMode mode, string effect);
}
