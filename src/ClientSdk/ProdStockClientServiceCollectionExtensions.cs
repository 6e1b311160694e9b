using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProdStock.ClientSdk.Internal;
using ProdStock.Contracts;
using ProtoBuf.Grpc.Client;

namespace ProdStock.ClientSdk;

/// <summary>Registers ProdStock clients with dependency injection (Grpc.Net.ClientFactory underneath).</summary>
public static class ProdStockClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IProdService"/>, <see cref="IOrderService"/>, <see cref="IUserService"/>, <see cref="IInventoryService"/> as typed gRPC clients and
    /// <see cref="ProdStockClient"/> over them, all configured from <see cref="ProdStockClientOptions"/> (validated on first use).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProdStockClient(this IServiceCollection services, Action<ProdStockClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ProdStockClientOptions>().Configure(configure);
        return services.AddProdStockClientCore();
    }

    /// <summary>
    /// Registers the ProdStock clients like <see cref="AddProdStockClient(IServiceCollection, Action{ProdStockClientOptions})"/>,
    /// with options bound from a configuration section (keys as the property names of <see cref="ProdStockClientOptions"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section, for example <c>configuration.GetSection("ProdStockClient")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProdStockClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ProdStockClientOptions>().Bind(configuration);
        return services.AddProdStockClientCore();
    }

    private static IServiceCollection AddProdStockClientCore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProdStockClientOptions>, ProdStockClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => ClientTlsCredentials.Load(sp.GetRequiredService<IOptions<ProdStockClientOptions>>().Value));
        services.AddTypedClient<IProdService>((_, service) => service);
        services.AddTypedClient<IOrderService>((_, service) => service);
        services.AddTypedClient<IUserService>((sp, service) =>
        {
            var options = sp.GetRequiredService<IOptions<ProdStockClientOptions>>().Value;
            return new StreamingUserServiceClient(service, options.DefaultDeadline, sp.GetRequiredService<TimeProvider>(), options.ValidateRequests);
        });
        services.AddTypedClient<IInventoryService>((_, service) => service);
        services.TryAddTransient(sp => new ProdStockClient(
            sp.GetRequiredService<IProdService>(), sp.GetRequiredService<IOrderService>(), sp.GetRequiredService<IUserService>(),
            sp.GetRequiredService<IInventoryService>()));
        return services;
    }

    private static void AddTypedClient<TService>(this IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        services.AddGrpcClient<TService>((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<ProdStockClientOptions>>().Value;
                client.Address = options.Address;
                if (RetryServiceConfig.Create(options) is { } retries)
                {
                    client.ChannelOptionsActions.Add(channel => channel.ServiceConfig = retries);
                }
            })
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<ClientTlsCredentials>().CreateHandler())
            .AddHttpMessageHandler(sp => new TlsRefusalHandler(sp.GetRequiredService<ClientTlsCredentials>()))
            .AddInterceptor(sp => new DefaultDeadlineInterceptor(
                sp.GetRequiredService<IOptions<ProdStockClientOptions>>().Value.DefaultDeadline, sp.GetRequiredService<TimeProvider>()))
            .AddInterceptor(sp => sp.GetRequiredService<IOptions<ProdStockClientOptions>>().Value.ValidateRequests
                ? new RequestValidationInterceptor()
                : PassThroughInterceptor.Instance)
            .ConfigureGrpcClientCreator((sp, invoker) => decorate(sp, invoker.CreateGrpcService<TService>()));
    }
}
