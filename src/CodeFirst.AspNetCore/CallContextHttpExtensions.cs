using Microsoft.AspNetCore.Http;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore;

/// <summary>The HTTP request behind a code-first service call, whichever way it came in.</summary>
public static class CallContextHttpExtensions
{
    /// <summary>
    /// The <see cref="HttpContext"/> of the request that carries this call: for a gRPC call, the one of its
    /// <see cref="CallContext.ServerCallContext"/>; for a call of the REST gateway, the gateway's request (which it passes
    /// as <see cref="CallContext.State"/>). <see langword="null"/> for a call made in process without a request. Read the
    /// caller's TLS client certificate, claims or headers from it with one code path for both transports.
    /// </summary>
    /// <param name="context">The call context the service method received.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    public static HttpContext? GetHttpContext(this CallContext context) =>
        context.ServerCallContext is { } server
            ? global::Grpc.Core.ServerCallContextExtensions.GetHttpContext(server)
            : context.State as HttpContext;
}
