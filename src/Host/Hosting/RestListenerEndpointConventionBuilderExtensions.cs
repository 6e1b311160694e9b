
namespace ProdStock.Host.Hosting;

/// <summary>Marks the REST gateway's endpoints and keeps them off the gRPC listener.</summary>
internal static class RestListenerEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Marks the endpoints as the REST listener's (<see cref="ListenerGuardMiddleware"/> serves only those there) and makes
    /// the endpoint answer a plain 404 on a connection of the gRPC listener, as that listener answers any path it does not
    /// serve. The check sits on the REST endpoints rather than in the middleware so that a gRPC call, the hot path, costs
    /// no endpoint-metadata lookup.
    /// </summary>
    public static TBuilder ServedOnRestListener<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(RestListenerEndpoint.Marker);
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

/// <summary>Endpoint metadata of the endpoints served on the REST listener (the gateway's routes, its document and page).</summary>
internal sealed class RestListenerEndpoint
{
    public static readonly RestListenerEndpoint Marker = new();

    private RestListenerEndpoint()
    {
    }
}
