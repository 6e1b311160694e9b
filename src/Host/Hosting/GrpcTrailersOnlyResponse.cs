using System.Globalization;
using Grpc.Core;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Ends a gRPC call before Grpc.AspNetCore reads it, with a trailers-only response (the status in the headers), as
/// Grpc.AspNetCore writes for a call that ends before any message.
/// </summary>
internal static class GrpcTrailersOnlyResponse
{
    /// <param name="context">The call's HTTP context; nothing may have been written yet.</param>
    /// <param name="status">The status code.</param>
    /// <param name="message">Printable ASCII without <c>%</c>, so it needs no percent-encoding.</param>
    public static Task WriteAsync(HttpContext context, StatusCode status, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = message;
        return Task.CompletedTask;
    }
}
