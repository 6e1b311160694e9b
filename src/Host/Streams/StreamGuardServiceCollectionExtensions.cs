using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Streams;

/// <summary>Registers the <see cref="StreamGuardInterceptor"/>, the streaming-call cap and the shutdown drain of client streams.</summary>
internal static class StreamGuardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the interceptor after those already registered (the toolkit's), so it is the innermost and its statuses
    /// pass through failure translation and the call log like any other <see cref="Grpc.Core.RpcException"/>.
    /// </summary>
    public static IServiceCollection AddProdStockStreamGuard(this IServiceCollection services)
    {
        services.TryAddSingleton<StreamGuardLog>();
        services.TryAddSingleton<StreamingCallGate>();
        services.TryAddSingleton<StreamGuardInterceptor>();
        services.TryAddSingleton<ClientStreamingCalls>();
        services.TryAddSingleton<ShutdownTrailers>();
        services.AddHostedService<ClientStreamingCallsDrain>();
        services.Configure<GrpcServiceOptions>(options =>
        {
            if (!options.Interceptors.Any(registration => registration.Type == typeof(StreamGuardInterceptor)))
            {
                options.Interceptors.Add<StreamGuardInterceptor>();
            }
        });
        return services;
    }
}
