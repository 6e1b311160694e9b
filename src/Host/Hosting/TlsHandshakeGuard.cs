using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ProdStock.Host.Certificates;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Kestrel catches the handshake failures it expects (an <see cref="IOException"/> or
/// <see cref="System.Security.Authentication.AuthenticationException"/>) and logs them at Debug; any other exception
/// from <see cref="SslStream"/> (a <see cref="NotSupportedException"/> for some ClientHellos) escapes as an unhandled
/// connection error, with a stack trace, once per connection any client can open. Placed before <c>UseHttps</c>, this
/// records those as refused handshakes, rate-limited like the rest.
/// </summary>
internal static class TlsHandshakeGuard
{
    public static void Use(ListenOptions listen, HandshakeFailureLog refusals) =>
        listen.Use(next => async connection =>
        {
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && connection.Features.Get<SslStream>() is not { IsAuthenticated: true })
            {
                refusals.Refused($"the TLS handshake failed ({ex.GetType().Name}: {ex.Message})", connection.RemoteEndPoint?.ToString() ?? "(unknown)");
            }
        });
}
