using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CodeFirst.AspNetCore.Gateway.Errors;

/// <summary>The HTTP status for a gRPC status code, by the table grpc-gateway and ASP.NET Core JSON transcoding use.</summary>
internal static class HttpStatusMapping
{
    public static int ToHttpStatus(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => 499, // client closed request
        StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        StatusCode.FailedPrecondition => StatusCodes.Status400BadRequest,
        StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists => StatusCodes.Status409Conflict,
        StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
