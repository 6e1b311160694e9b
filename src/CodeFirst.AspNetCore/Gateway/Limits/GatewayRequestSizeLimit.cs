using Grpc.Core;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using CodeFirst.AspNetCore.Gateway.Routing;

namespace CodeFirst.AspNetCore.Gateway.Limits;

/// <summary>
/// The body size limit of one route, as endpoint metadata: ASP.NET Core's routing middleware sets each request's
/// <c>IHttpMaxRequestBodySizeFeature</c> from it, so Kestrel refuses a larger body (by its Content-Length at once,
/// else as it arrives) before the gateway has buffered it. The options are read per request: they are validated when
/// the application starts, after the endpoints are mapped.
/// </summary>
internal sealed class GatewayRequestSizeLimit(GatewayRoute route, IOptions<RestGatewayOptions> options) : IRequestSizeLimitMetadata
{
    /// <summary>The limit of this route's body, or of each message of its client stream.</summary>
    public long Limit => options.Value.MaxRequestBodySizeByMethod.TryGetValue(route.FullMethodName, out var size) ? size : options.Value.MaxRequestBodySize;

    /// <summary>
    /// The whole body's limit; none for a client stream, whose NDJSON lines are read one at a time, each held to
    /// <see cref="Limit"/> (as Grpc.AspNetCore lifts the body limit of gRPC calls and limits each message instead).
    /// </summary>
    public long? MaxRequestBodySize => IsStreamedIn ? null : Limit;

    private bool IsStreamedIn => route.Operation.Kind is MethodType.ClientStreaming or MethodType.DuplexStreaming;
}
