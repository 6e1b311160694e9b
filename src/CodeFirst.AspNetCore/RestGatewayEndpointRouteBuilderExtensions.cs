using CodeFirst.AspNetCore.Errors;
using CodeFirst.AspNetCore.Gateway;
using CodeFirst.AspNetCore.Gateway.Limits;
using CodeFirst.AspNetCore.Gateway.Routing;
using CodeFirst.AspNetCore.OpenApi;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodeFirst.AspNetCore;

/// <summary>Maps the REST/JSON gateway of code-first service contracts.</summary>
public static class RestGatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps one endpoint per contract method that declares an <c>[HttpRoute]</c> (with its body size limit as
    /// <c>IRequestSizeLimitMetadata</c>, see <see cref="RestGatewayOptions.MaxRequestBodySize"/>), a JSON 405 answer for the other HTTP
    /// methods on each route's path, the OpenAPI document (<see cref="RestGatewayOptions.DocumentPath"/>) and the
    /// documentation page (<see cref="RestGatewayOptions.PagePath"/>).
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="serviceContracts">The <c>[ServiceContract]</c> interfaces whose routes to serve.</param>
    /// <returns>A group holding every gateway endpoint, for conventions (authorization, host filters, metadata).</returns>
    /// <exception cref="InvalidOperationException"><see cref="CodeFirstServiceCollectionExtensions.AddRestGateway"/> was not called.</exception>
    /// <exception cref="FormatException">A route template is malformed or declared twice.</exception>
    public static RouteGroupBuilder MapRestGateway(this IEndpointRouteBuilder endpoints, IEnumerable<Type> serviceContracts)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(serviceContracts);
        var responder = endpoints.ServiceProvider.GetService<GatewayResponder>() ?? throw new InvalidOperationException(
            "Unable to find the required services. Add them by calling 'services.AddRestGateway()' before 'MapRestGateway()'.");
        var failures = endpoints.ServiceProvider.GetRequiredService<CallFailureTranslator>();
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<RestGatewayOptions>>();
        var table = GatewayRouteTable.Build(serviceContracts);
        var group = endpoints.MapGroup("");
        foreach (var route in table.Routes)
        {
            var sizeLimit = new GatewayRequestSizeLimit(route, options);
            var handler = new GatewayRequestHandler(route, responder, failures, sizeLimit);
            group.MapMethods(route.Template.ToRoutePattern(), [route.Rule.Method], handler.HandleAsync)
                .WithMetadata(new GatewayRouteMetadata(route), RestRouteMetadata.Of(route), sizeLimit)
                .WithDisplayName($"REST {route.Rule.Method} {route.Rule.PathTemplate} -> {route.FullMethodName}");
        }

        foreach (var path in table.Routes.GroupBy(r => r.Template.ToRoutePattern()))
        {
            var allowed = path.Select(r => r.Rule.Method).ToArray();
            string[] others = [.. new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" }.Except(allowed)];
            group.MapMethods(path.Key, others, context => responder.WriteMethodNotAllowedAsync(context, allowed))
                .WithDisplayName($"REST 405 {path.Key}");
        }

        group.MapApiDocumentation(table, responder);
        return group;
    }

    /// <summary>
    /// Answers a request with <paramref name="error"/> as the gateway answers its own errors: a <c>google.rpc.Status</c>
    /// JSON body with the HTTP status of its gRPC code. For middleware beside the gateway (a 404 for unknown paths).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="error">The error.</param>
    /// <returns>A task that completes when the answer is written.</returns>
    public static Task WriteRestErrorAsync(this HttpContext context, RpcException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        return context.RequestServices.GetRequiredService<GatewayResponder>().WriteErrorAsync(context, error);
    }
}
