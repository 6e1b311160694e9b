using ProdStock.Host.Gateway.Routing;

namespace ProdStock.Host.Gateway;

/// <summary>Endpoint metadata of the REST gateway's endpoints: the route, or null for the gateway's own 405 answers and its API documentation.</summary>
internal sealed record GatewayRouteMetadata(GatewayRoute? Route);
