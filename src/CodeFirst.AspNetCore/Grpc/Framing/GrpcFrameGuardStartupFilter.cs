using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CodeFirst.AspNetCore.Grpc.Framing;

/// <summary>
/// Puts <see cref="GrpcFrameGuardReader"/> in front of every gRPC request's body, first in the pipeline, so services
/// mapped with <c>MapGrpcService&lt;T&gt;()</c> as usual get it without a call of their own.
/// </summary>
internal sealed class GrpcFrameGuardStartupFilter(IOptions<GrpcRequestBodyOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var messageIdleTimeout = options.Value.MessageIdleTimeout;
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.ContentType is { } contentType
                && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
                && context.Features.Get<IRequestBodyPipeFeature>() is { } body)
            {
                context.Features.Set<IRequestBodyPipeFeature>(new GrpcFrameGuardReader(body.Reader, messageIdleTimeout));
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
