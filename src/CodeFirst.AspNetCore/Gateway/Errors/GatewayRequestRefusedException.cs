using Grpc.Core;

namespace CodeFirst.AspNetCore.Gateway.Errors;

/// <summary>
/// A request the gateway refuses before calling the service, answered with an HTTP status of its own rather than the
/// one of its gRPC code: 413 (too large), 415 (not JSON), 403 (cross-site), 408 (a client stream gone silent).
/// </summary>
internal sealed class GatewayRequestRefusedException(int httpStatus, StatusCode code, string message) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;

    public RpcException Error { get; } = new(new Status(code, message));

    /// <summary>413 <c>RESOURCE_EXHAUSTED</c>: <paramref name="what"/> is larger than <paramref name="limit"/> bytes.</summary>
    public static GatewayRequestRefusedException TooLarge(string what, long? limit, string route) =>
        new(StatusCodes.Status413PayloadTooLarge, StatusCode.ResourceExhausted, limit is { } bytes
            ? $"{what} is larger than {bytes} bytes, the most {route} accepts"
            : $"{what} is larger than {route} accepts");

    /// <summary>408 <c>DEADLINE_EXCEEDED</c>: the client sent no NDJSON line for <paramref name="timeout"/>.</summary>
    public static GatewayRequestRefusedException ClientSilent(TimeSpan timeout, string route) =>
        new(StatusCodes.Status408RequestTimeout, StatusCode.DeadlineExceeded,
            $"no message from the client for {timeout.TotalSeconds:0.###} s; {route} ended");
}
