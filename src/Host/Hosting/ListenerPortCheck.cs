using System.Net;
using System.Net.Sockets;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Tries each configured listener port before Kestrel binds it. Kestrel logs a port it cannot bind as "Unable to start
/// Kestrel." with a stack trace before the host can say which setting names it; found here, it is one line naming the
/// setting. A port taken in the instant between this check and Kestrel's bind still fails, with Kestrel's trace.
/// </summary>
internal static class ListenerPortCheck
{
    /// <exception cref="HostStartupException">Another process listens on a configured port.</exception>
    public static void ThrowIfTaken(ProdStockHostOptions options)
    {
        Check("ProdStock:Grpc:Port", options.Grpc.Enabled, options.Grpc.Host, options.Grpc.Port);
        Check("ProdStock:Rest:Port", options.Rest.Enabled, options.Rest.Host, options.Rest.Port);
        Check("ProdStock:Management:Port", options.Management.Enabled, options.Management.Host, options.Management.Port);
    }

    private static void Check(string key, bool enabled, string host, int port)
    {
        if (!enabled || port == 0)
        {
            return;
        }

        foreach (var address in Addresses(host))
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.Equals(IPAddress.IPv6Any))
                {
                    socket.DualMode = true;
                }

                if (!OperatingSystem.IsWindows())
                {
                    // As Kestrel binds on Unix: connections of an earlier run in TIME_WAIT do not hold the port.
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }

                socket.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new HostStartupException(
                    $"{key} is {port}, which another process already listens on ({new IPEndPoint(address, port)}); stop it or choose another port (0 picks a free one).");
            }
            catch (SocketException)
            {
                // Anything else (no IPv6 on this machine, an address not on it): Kestrel reports it as it binds.
            }
        }
    }

    private static IPAddress[] Addresses(string host) => host switch
    {
        "*" => [IPAddress.IPv6Any],
        "localhost" => [IPAddress.Loopback, IPAddress.IPv6Loopback],
        _ => IPAddress.TryParse(host, out var address) ? [address] : [],
    };
}
