using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProdStock.Host.Certificates;
using ProdStock.Host.Configuration;
using ProdStock.Host.Errors;
using ProdStock.Host.Gateway;
using ProdStock.Host.Grpc;
using ProdStock.Services;
using ProdStock.Services.Storage;
using ProdStock.Services.Users;
using ProtoBuf.Grpc.Configuration;
using ProtoBuf.Grpc.Server;
using ProtoBuf.Meta;

namespace ProdStock.Host.Hosting;

/// <summary>Adds the ProdStock host (gRPC services, store, mutual TLS endpoint) to a service collection.</summary>
public static class ProdStockServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ProdStock services and store, code-first gRPC with error translation, the mutual-TLS Kestrel
    /// endpoint, and the options bound from the <c>ProdStock</c> configuration section (validated at start).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the host options after configuration is bound; optional.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IProdStockBuilder AddProdStock(this IServiceCollection services, Action<ProdStockHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var hostOptions = services.AddOptions<ProdStockHostOptions>()
            .BindConfiguration(ProdStockHostOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => IsListenAddress(options.Grpc.Host), "ProdStock:Grpc:Host must be '*', 'localhost' or an IP address.")
            .Validate(options => IsListenAddress(options.Rest.Host), "ProdStock:Rest:Host must be '*', 'localhost' or an IP address.")
            .Validate(options => !options.Rest.Enabled || options.Rest.Port == 0 || options.Rest.Port != options.Grpc.Port || options.Rest.Host != options.Grpc.Host,
                "ProdStock:Rest:Port must differ from ProdStock:Grpc:Port.")
            .ValidateOnStart();
        if (configure is not null)
        {
            hostOptions.Configure(configure);
        }

        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UserScoreOptions>().BindConfiguration(UserScoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ProdStockHostOptions>, RelativePathsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<StoreOptions>, RelativePathsSetup>());
        // Read directly, so a validation failure of ProdStockHostOptions surfaces at start (not while the host is built).
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
            host.ShutdownTimeout = configuration.GetValue($"{ProdStockHostOptions.SectionName}:{nameof(ProdStockHostOptions.ShutdownTimeout)}", new ProdStockHostOptions().ShutdownTimeout));

        services.AddProdStockServices();
        services.TryAddSingleton(BinderConfiguration.Create([new StrictProtoMarshallerFactory(RuntimeTypeModel.Default)]));
        services.AddCodeFirstGrpc(grpc => grpc.Interceptors.Add<ExceptionInterceptor>());

        services.TryAddSingleton<CallFailureTranslator>();
        services.TryAddSingleton<GatewayResponder>();
        services.TryAddSingleton<ServerTlsMaterial>();
        services.TryAddSingleton<ListenerAddresses>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, KestrelEndpointSetup>());

        var builder = new ProdStockBuilder(services);
        services.TryAddSingleton(builder);
        return builder;
    }

    private static bool IsListenAddress(string host) => host is "*" or "localhost" || System.Net.IPAddress.TryParse(host, out _);
}
