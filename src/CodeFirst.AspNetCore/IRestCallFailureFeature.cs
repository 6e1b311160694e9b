using Grpc.Core;

namespace CodeFirst.AspNetCore;

/// <summary>
/// Set on <see cref="HttpContext.Features"/> when a REST gateway call fails, for middleware or endpoint conventions
/// around the gateway that log or count failed calls: the gateway answers the error itself, so the status is not thrown.
/// The route is in the endpoint's <see cref="IRestRouteMetadata"/>.
/// </summary>
public interface IRestCallFailureFeature
{
    /// <summary>The status the call ended with (its code, message and error id: <see cref="CallFailureExtensions.GetErrorId"/>).</summary>
    RpcException Error { get; }
}
