using CodeFirst.AspNetCore.Gateway.Routing;

namespace CodeFirst.AspNetCore.Gateway;

/// <summary>Endpoint metadata of the REST gateway's endpoints: the route, or null for the gateway's own 405 answers and its API documentation.</summary>
internal sealed record GatewayRouteMetadata(GatewayRoute? Route);
