using CodeFirst.AspNetCore.Gateway.Routing;

namespace CodeFirst.AspNetCore.Gateway;

/// <summary>Endpoint metadata of the REST gateway's endpoints: the route, or null for the gateway's own 405 answers and its API documentation.</summary>
internal sealed record GatewayRouteMetadata(GatewayRoute? Route);

/// <summary>The public <see cref="IRestRouteMetadata"/> of a gateway route's endpoint.</summary>
internal sealed record RestRouteMetadata(string HttpMethod, string PathTemplate, string GrpcMethod) : IRestRouteMetadata
{
    public static RestRouteMetadata Of(GatewayRoute route) => new(route.Rule.Method, route.Rule.PathTemplate, "/" + route.FullMethodName);
}
