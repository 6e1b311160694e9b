using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;
using ProdStock.Host.Hosting;

namespace ProdStock.Host.Management;

/// <summary>
/// Adds Kestrel's management endpoint: plain HTTP/1.1, no TLS, after the gRPC and REST endpoints (so the first
/// "Now listening on: https://…" line of the log is still the gRPC listener's). Listening beyond the loopback interface
/// is logged, as every loosening of the defaults is.
/// </summary>
internal sealed partial class ManagementListenerSetup(
    IOptions<ProdStockHostOptions> options,
    ListenerAddresses addresses,
    ILogger<ManagementListenerSetup> logger) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ManagementEndpointOptions settings;
        try
        {
            settings = options.Value.Management;
        }
        catch (OptionsValidationException)
        {
            // Reported by StartProdStockAsync, as for the other listeners (KestrelEndpointSetup).
            return;
        }

        if (!settings.Enabled)
        {
            return;
        }

        if (!IsLoopback(settings.Host))
        {
            LogExposed(settings.Host);
        }

        KestrelEndpointSetup.ListenOn(kestrel, settings.Host, settings.Port, listen =>
        {
            addresses.Record(ListenerKind.Management, listen);
            listen.Protocols = HttpProtocols.Http1;
            ListenerGuardMiddleware.TagConnections(listen, ListenerKind.Management);
        });
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Management listener: ProdStock:Management:Host is {Host}: its plain-HTTP health endpoints are reachable from other machines. 127.0.0.1 is the default.")]
    private partial void LogExposed(string host);
}
