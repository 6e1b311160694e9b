using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using ProdStock.Bench.ContractFirst;
using ProdStock.Services.Storage;

// Server B of the benchmark. It reads the same configuration keys as the host (ProdStock:Grpc:Host/Port,
// ProdStock:Tls:*, ProdStock:Store:*, ProdStock:Users:*), so the benchmark starts A and B with the same arguments.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var configuration = builder.Configuration;

builder.AddContractFirstServer();

var tls = ServerTls.Load(
    configuration["ProdStock:Tls:CaCertificatePath"] ?? "certs/ca.pem",
    configuration["ProdStock:Tls:CertificatePath"] ?? "certs/server.pem",
    configuration["ProdStock:Tls:KeyPath"] ?? "certs/server.key");
var host = configuration["ProdStock:Grpc:Host"] ?? "127.0.0.1";
var port = configuration.GetValue("ProdStock:Grpc:Port", 10087);

// The host's gRPC listener, setting for setting (src/Host/Hosting/KestrelEndpointSetup.cs): HTTP/2 only, TLS 1.2/1.3,
// a required client certificate that must chain to the configured CA, the CA named in the handshake.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    var handshake = new TlsHandshakeCallbackOptions
    {
        OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = tls.Context,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => tls.IsAcceptableClient(certificate),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
        }),
    };
    void Configure(ListenOptions listen)
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(handshake);
    }

    switch (host)
    {
        case "*":
            kestrel.ListenAnyIP(port, Configure);
            break;
        case "localhost":
            kestrel.ListenLocalhost(port, Configure);
            break;
        default:
            kestrel.Listen(IPAddress.Parse(host), port, Configure);
            break;
    }
});

await using var app = builder.Build();
app.MapContractFirstServer();

await app.Services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
// The benchmark records which store engine served (the same classes as the host's, through the same DI registration).
Console.WriteLine($"prodstock-bench: store {app.Services.GetRequiredService<IProductStore>().GetType().Name}");
await app.RunAsync();
