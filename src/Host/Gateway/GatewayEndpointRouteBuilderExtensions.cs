using ProdStock.Host.Errors;
using ProdStock.Host.Gateway.OpenApi;
using ProdStock.Host.Gateway.Routing;
using ProdStock.Host.Hosting;

namespace ProdStock.Host.Gateway;

/// <summary>Maps the REST/JSON gateway's routes.</summary>
internal static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every route of <see cref="GatewayRouteTable.Default"/>, plus a JSON 405 answer for the other HTTP methods on
    /// each route's path, and the gateway's OpenAPI document (<c>/openapi/v1.json</c>) and documentation page (<c>/docs</c>).
    /// The contract implementations are resolved per request from the request's services.
    /// </summary>
    public static IEndpointRouteBuilder MapProdStockGateway(this IEndpointRouteBuilder endpoints)
    {
        var responder = endpoints.ServiceProvider.GetRequiredService<GatewayResponder>();
        var failures = endpoints.ServiceProvider.GetRequiredService<CallFailureTranslator>();
        var routes = GatewayRouteTable.Default.Routes;
        foreach (var route in routes)
        {
            var handler = new GatewayRequestHandler(route, responder, failures);
            endpoints.MapMethods(route.Template.ToRoutePattern(), [route.Rule.Method], handler.HandleAsync)
                .ServedOnRestListener(new GatewayRouteMetadata(route))
                .WithDisplayName($"REST {route.Rule.Method} {route.Rule.PathTemplate} -> {route.FullMethodName}");
        }

        foreach (var path in routes.GroupBy(r => r.Template.ToRoutePattern()))
        {
            var allowed = path.Select(r => r.Rule.Method).ToArray();
            string[] others = [.. new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" }.Except(allowed)];
            endpoints.MapMethods(path.Key, others, context => responder.WriteMethodNotAllowedAsync(context, allowed))
                .ServedOnRestListener(new GatewayRouteMetadata(null))
                .WithDisplayName($"REST 405 {path.Key}");
        }

        endpoints.MapProdStockApiDocumentation();
        return endpoints;
    }
}
