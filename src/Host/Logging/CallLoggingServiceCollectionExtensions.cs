using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ProdStock.Host.Logging;

/// <summary>Registers the <see cref="CallLog"/> lines of gRPC and REST calls.</summary>
internal static class CallLoggingServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="CallLog"/> and the <see cref="CallLoggingInterceptor"/>, placed first among the gRPC interceptors
    /// whenever it is registered, so it wraps the toolkit's (validation, failure translation) and logs the status the
    /// client gets. The REST gateway's calls are logged by <see cref="RestCallLoggingEndpointConventionBuilderExtensions.WithCallLogging"/>.
    /// </summary>
    public static IServiceCollection AddProdStockCallLogging(this IServiceCollection services)
    {
        services.TryAddSingleton<CallLog>();
        // Registered, the interceptor is resolved once per call from the container rather than constructed for each.
        services.TryAddSingleton<CallLoggingInterceptor>();
        services.Configure<GrpcServiceOptions>(options =>
        {
            if (options.Interceptors.Any(registration => registration.Type == typeof(CallLoggingInterceptor)))
            {
                return;
            }

            // InterceptorRegistration has no public constructor: add, then move to the front (the outermost interceptor).
            options.Interceptors.Add<CallLoggingInterceptor>();
            var registration = options.Interceptors[^1];
            options.Interceptors.RemoveAt(options.Interceptors.Count - 1);
            options.Interceptors.Insert(0, registration);
        });
        return services;
    }
}
