using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProdStock.Services.Storage;

namespace ProdStock.Services.Telemetry;

/// <summary>Adds ProdStock's store spans and domain metrics around the store engine's implementations.</summary>
public static class StoreTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Decorates the registered <see cref="IOrderStore"/>, <see cref="IStockStore"/> and <see cref="IProductStore"/>
    /// (whichever engine the configuration picks) with spans on <see cref="StoreTelemetry.ActivitySourceName"/> and the
    /// domain's metrics on <see cref="StoreTelemetry.MeterName"/>. Call it after <c>AddProdStockServices</c>; an
    /// interface not registered yet is left alone. The container must provide an <see cref="System.Diagnostics.Metrics.IMeterFactory"/>
    /// (<c>AddMetrics()</c>; every ASP.NET Core host has one).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="enabled">Decides, when the stores are first resolved, whether to decorate them; when it returns
    /// <see langword="false"/> the engine's implementations are used as they are. Optional: always by default.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProdStockStoreTelemetry(this IServiceCollection services, Func<IServiceProvider, bool>? enabled = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        enabled ??= static _ => true;
        services.TryAddSingleton<ProdStockMetrics>();
        Decorate<IOrderStore>(services, enabled, (sp, store) => new TracedOrderStore(store, sp.GetRequiredService<ProdStockMetrics>(), EngineName(sp)));
        Decorate<IStockStore>(services, enabled, (sp, store) => new TracedStockStore(store, EngineName(sp)));
        Decorate<IProductStore>(services, enabled, (sp, store) => new TracedProductStore(store, sp.GetRequiredService<ProdStockMetrics>(), EngineName(sp)));
        return services;
    }

    private static string EngineName(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        return options.IsMemory ? "memory" : options.IsPostgres ? "postgresql" : "sqlite";
    }

    /// <summary>Replaces the last registration of <typeparamref name="TService"/> with one that wraps what it resolves to.</summary>
    private static void Decorate<TService>(
        IServiceCollection services, Func<IServiceProvider, bool> enabled, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var registered = services[i];
            if (registered.ServiceType != typeof(TService) || registered.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Describe(
                typeof(TService),
                sp =>
                {
                    var inner = (TService)Resolve(registered, sp);
                    return enabled(sp) ? decorate(sp, inner) : inner;
                },
                registered.Lifetime);
            return;
        }
    }

    private static object Resolve(ServiceDescriptor registered, IServiceProvider services) =>
        registered.ImplementationInstance
        ?? registered.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!);
}
