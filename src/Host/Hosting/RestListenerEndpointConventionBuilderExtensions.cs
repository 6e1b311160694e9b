using ProdStock.Host.Gateway;

namespace ProdStock.Host.Hosting;

/// <summary>Marks the REST gateway's endpoints and keeps them off the gRPC listener.</summary>
internal static class RestListenerEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Adds <paramref name="metadata"/> (which <see cref="ListenerGuardMiddleware"/> reads on the REST listener) and makes
    /// the endpoint answer a plain 404 on a connection of the gRPC listener, as that listener answers any path it does not
    /// serve. The check sits on the REST endpoints rather than in the middleware so that a gRPC call, the hot path, costs
    /// no endpoint-metadata lookup (measured with bench/ProdStock.Bench.Pipeline).
    /// </summary>
    public static TBuilder ServedOnRestListener<TBuilder>(this TBuilder builder, GatewayRouteMetadata metadata)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(metadata);
        builder.Add(endpoint =>
        {
            var serve = endpoint.RequestDelegate ?? throw new InvalidOperationException($"The endpoint '{endpoint.DisplayName}' has no request delegate.");
            endpoint.RequestDelegate = context =>
            {
                if (ListenerGuardMiddleware.ListenerOf(context) == ListenerKind.Grpc)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return serve(context);
            };
        });
        return builder;
    }
}
