using System.Diagnostics;
using CodeFirst.AspNetCore;
using ProdStock.Host.Hosting;

namespace ProdStock.Host.Logging;

/// <summary>Writes the <see cref="CallLog"/> line of every REST gateway call.</summary>
internal static class RestCallLoggingEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Logs each call of the endpoints that carry an <see cref="IRestRouteMetadata"/> (the gateway's routes): a failure from
    /// the <see cref="IRestCallFailureFeature"/> the gateway leaves, at the level of its status; a success at
    /// <see cref="LogLevel.Debug"/>. Nothing is logged when <see cref="CallLoggingServiceCollectionExtensions.AddProdStockCallLogging"/>
    /// was not called, nor for a request the listener guard refuses (a route asked for on the gRPC listener).
    /// </summary>
    public static TBuilder WithCallLogging<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Finally: a group's conventions run before its endpoints' own, which add the route's metadata.
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IRestRouteMetadata>().LastOrDefault() is not { } route)
            {
                return;
            }

            var serve = endpoint.RequestDelegate ?? throw new InvalidOperationException($"The endpoint '{endpoint.DisplayName}' has no request delegate.");
            CallLog? log = null;
            var resolved = false;
            endpoint.RequestDelegate = context =>
            {
                if (!resolved)
                {
                    log = context.RequestServices.GetService<CallLog>();
                    resolved = true;
                }

                if (log is null || ListenerGuardMiddleware.ListenerOf(context) == ListenerKind.Grpc)
                {
                    return serve(context);
                }

                var started = Stopwatch.GetTimestamp();
                var pending = serve(context);
                if (pending.IsCompletedSuccessfully)
                {
                    Completed(log, context, route, started);
                    return pending;
                }

                return AwaitAsync(pending, log, context, route, started);
            };
        });
        return builder;
    }

    private static async Task AwaitAsync(Task pending, CallLog log, HttpContext context, IRestRouteMetadata route, long started)
    {
        // An exception here is a client gone mid-stream (the gateway answers every other failure itself): not a call to log.
        await pending.ConfigureAwait(false);
        Completed(log, context, route, started);
    }

    private static void Completed(CallLog log, HttpContext context, IRestRouteMetadata route, long started)
    {
        if (context.Features.Get<IRestCallFailureFeature>() is { } failure)
        {
            var level = CallLog.LevelOf(failure.Error.StatusCode);
            if (log.IsEnabled(level))
            {
                log.RestCallFailed(level, route.HttpMethod, route.PathTemplate, route.GrpcMethod, failure.Error.StatusCode,
                    context.Response.StatusCode, CallLog.MillisecondsSince(started), CallLog.ClientOf(context), failure.Error.GetErrorId());
            }
        }
        else if (log.IsEnabled(LogLevel.Debug))
        {
            log.RestCallCompleted(route.HttpMethod, route.PathTemplate, route.GrpcMethod, context.Response.StatusCode, CallLog.MillisecondsSince(started), CallLog.ClientOf(context));
        }
    }
}
