using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Applies <see cref="LimitsOptions"/> to Kestrel: connections per listener, HTTP/2 streams per connection, and
/// keep-alive pings so that a peer that vanished without closing its connection is noticed and its calls end.
/// </summary>
internal sealed class KestrelLimitsSetup(IOptions<LimitsOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        LimitsOptions limits;
        try
        {
            limits = options.Value;
        }
        catch (OptionsValidationException)
        {
            // Reported with its key (and a non-zero exit code) when the host starts; see KestrelEndpointSetup.
            return;
        }

        kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
        kestrel.Limits.Http2.MaxStreamsPerConnection = limits.MaxStreamsPerConnection;

        // Kestrel sends no pings by default; an unanswered one closes the connection after KeepAlivePingTimeout (20 s).
        kestrel.Limits.Http2.KeepAlivePingDelay = limits.KeepAlivePingDelay;
    }
}
