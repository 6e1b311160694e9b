using Microsoft.AspNetCore.Connections.Features;
using ProdStock.Host.Gateway;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Keeps the listeners apart: REST routes answer only on the REST port, where anything else is a JSON 404, and gRPC
/// methods only on the gRPC port. Kestrel tags each connection with its <see cref="ListenerKind"/>.
/// </summary>
internal sealed class ListenerGuardMiddleware(RequestDelegate next, GatewayResponder responder)
{
    /// <summary>
    /// The connection item that holds the listener's <see cref="ListenerKind"/>: an object compared by reference, so the
    /// lookup on every request costs no string hashing (measured with bench/ProdStock.Bench.Pipeline).
    /// </summary>
    public static readonly object ConnectionItemKey = typeof(ListenerKind);

    public Task InvokeAsync(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null || !items.TryGetValue(ConnectionItemKey, out var tag) || tag is not ListenerKind listener)
        {
            return next(context);
        }

        var isRest = context.GetEndpoint()?.Metadata.GetMetadata<GatewayRouteMetadata>() is not null;
        if (listener == ListenerKind.Rest && !isRest)
        {
            return responder.WriteNotFoundAsync(context);
        }

        if (listener == ListenerKind.Grpc && isRest)
        {
            context.SetEndpoint(null);
        }

        return next(context);
    }
}
