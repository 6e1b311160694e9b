using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ProdStock.Host.Hosting;

/// <summary>The addresses the host's listeners are bound to (with the real port when port 0 was configured), once started.</summary>
public sealed class ListenerAddresses
{
    private readonly ConcurrentDictionary<string, ListenOptions> _listeners = new();

    /// <summary>The gRPC endpoint, e.g. <c>https://localhost:10086</c>; <see langword="null"/> before start.</summary>
    public Uri? Grpc => Get(ListenerKind.Grpc, Uri.UriSchemeHttps);

    /// <summary>The REST gateway endpoint, e.g. <c>https://localhost:9468</c>; <see langword="null"/> before start or when disabled.</summary>
    public Uri? Rest => Get(ListenerKind.Rest, Uri.UriSchemeHttps);

    /// <summary>
    /// The management listener (plain HTTP), e.g. <c>http://localhost:9469</c>; <see langword="null"/> before start or when
    /// disabled.
    /// </summary>
    public Uri? Management => Get(ListenerKind.Management, Uri.UriSchemeHttp);

    internal void Record(ListenerKind kind, ListenOptions listen) => _listeners[kind.ToString()] = listen;

    private Uri? Get(ListenerKind kind, string scheme)
    {
        if (!_listeners.TryGetValue(kind.ToString(), out var listen) || listen.IPEndPoint is not { Port: > 0 } endpoint)
        {
            return null;
        }

        var host = IPAddress.IsLoopback(endpoint.Address) || endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any)
            ? "localhost"
            : endpoint.Address.ToString();
        return new Uri($"{scheme}://{host}:{endpoint.Port}");
    }
}
