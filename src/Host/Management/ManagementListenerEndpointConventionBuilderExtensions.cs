using ProdStock.Host.Hosting;

namespace ProdStock.Host.Management;

/// <summary>Puts endpoints on the management listener, and only there.</summary>
internal static class ManagementListenerEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Marks the endpoints as the management listener's (<see cref="ListenerGuardMiddleware"/> serves only those there) and
    /// makes them answer a plain 404 on the gRPC and REST listeners. Any endpoint can be put there, e.g.
    /// <c>endpoints.MapPrometheusScrapingEndpoint().ServedOnManagementListener()</c>.
    /// </summary>
    public static TBuilder ServedOnManagementListener<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(ManagementListenerEndpoint.Marker);
        builder.Add(endpoint =>
        {
            var serve = endpoint.RequestDelegate ?? throw new InvalidOperationException($"The endpoint '{endpoint.DisplayName}' has no request delegate.");
            endpoint.RequestDelegate = context =>
            {
                if (ListenerGuardMiddleware.ListenerOf(context) is ListenerKind.Grpc or ListenerKind.Rest)
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

/// <summary>Endpoint metadata of the endpoints served on the management listener (<c>/healthz</c>, <c>/readyz</c>).</summary>
internal sealed class ManagementListenerEndpoint
{
    public static readonly ManagementListenerEndpoint Marker = new();

    private ManagementListenerEndpoint()
    {
    }
}
