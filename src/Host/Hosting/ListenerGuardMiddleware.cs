using CodeFirst.AspNetCore;
using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ProdStock.Host.Management;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Keeps the listeners apart: on the REST port only the gateway's endpoints answer, anything else is a JSON 404; on the
/// gRPC port a request that is not gRPC gets a JSON 404 naming the REST port; on the management port only the endpoints marked <see cref="ManagementListenerEndpointConventionBuilderExtensions.ServedOnManagementListener"/>
/// answer, anything else is a plain 404. The REST and management endpoints keep themselves off the other ports
/// (<see cref="RestListenerEndpointConventionBuilderExtensions"/>), so on a gRPC connection this middleware only reads the
/// connection's tag. Kestrel tags each connection with its <see cref="ListenerKind"/> (<see cref="TagConnections"/>).
/// </summary>
internal sealed class ListenerGuardMiddleware(RequestDelegate next)
{
    /// <summary>
    /// The connection item that holds the listener's <see cref="ListenerKind"/>: an object compared by reference, so the
    /// lookup on every request costs no string hashing.
    /// </summary>
    public static readonly object ConnectionItemKey = typeof(ListenerKind);

    /// <summary>
    /// The listener the request's connection came in on, or <see langword="null"/> when it carries no tag (a test server).
    /// Read through the collection's indexer, an ordinary interface call, rather than the generic <c>Get&lt;T&gt;</c>,
    /// a generic virtual method that the runtime dispatches through a lookup of its own: on every gRPC call.
    /// </summary>
    public static ListenerKind? ListenerOf(HttpContext context) =>
        context.Features[typeof(IConnectionItemsFeature)] is IConnectionItemsFeature { Items: { } items }
        && items.TryGetValue(ConnectionItemKey, out var tag) && tag is ListenerKind listener
            ? listener
            : null;

    /// <summary>Tags every connection of <paramref name="listen"/> with <paramref name="kind"/>, for <see cref="ListenerOf"/>.</summary>
    public static void TagConnections(ListenOptions listen, ListenerKind kind) =>
        listen.Use(next => connection =>
        {
            connection.Items[ConnectionItemKey] = kind;
            return next(connection);
        });

    public Task InvokeAsync(HttpContext context) => ListenerOf(context) switch
    {
        ListenerKind.Rest when context.GetEndpoint()?.Metadata.GetMetadata<RestListenerEndpoint>() is null =>
            context.WriteRestErrorAsync(new RpcException(new Status(StatusCode.NotFound, $"no REST route for {context.Request.Method} {context.Request.Path}"))),
        ListenerKind.Management when context.GetEndpoint()?.Metadata.GetMetadata<ManagementListenerEndpoint>() is null => NotFound(context),
        // The gRPC port serves gRPC only: a browser or curl there gets a JSON answer that says where REST is, not a bare 404.
        ListenerKind.Grpc when !IsGrpc(context.Request) =>
            context.WriteRestErrorAsync(new RpcException(new Status(StatusCode.NotFound,
                $"{context.Request.Method} {context.Request.Path} is not served here: this port serves gRPC only; the REST/JSON routes, /openapi/v1.json and /docs are on the REST port (ProdStock:Rest:Port)"))),
        _ => next(context),
    };

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
