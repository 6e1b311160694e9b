using CodeFirst.AspNetCore;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Grpc.Net.ClientFactory;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Host.Authorization;
using ProdStock.Host.Certificates;
using ProdStock.Host.Commands;
using ProdStock.Host.Configuration;
using ProdStock.Host.Health;
using ProdStock.Host.Logging;
using ProdStock.Host.Management;
using ProdStock.Host.Streams;
using ProdStock.Services;
using ProdStock.Services.Inventory;
using ProdStock.Services.Storage;
using ProdStock.Services.Users;

namespace ProdStock.Host.Hosting;

/// <summary>Adds the ProdStock host (gRPC services, store, mutual TLS endpoint) to a service collection.</summary>
public static class ProdStockServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ProdStock services and store, code-first gRPC with validation and error translation, the standard
    /// gRPC health service (<c>grpc.health.v1.Health</c>, reporting the store), gRPC server reflection, the mutual-TLS Kestrel endpoints, the
    /// stock-writer check of <c>services.InventoryService</c>, and the options bound from the <c>ProdStock</c>
    /// configuration section (validated at start).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the host options after configuration is bound; optional.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProdStock(this IServiceCollection services, Action<ProdStockHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddProdStockHosting(servesGrpc: true, configure);

        services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.SectionName)
            .Configure<IConfiguration>((store, configuration) => store.ConnectionString = configuration.GetConnectionString(StoreConnectionStringName) ?? store.ConnectionString)
            .ValidateDataAnnotations()
            .Validate(
                store => !string.Equals(store.Provider, "Postgres", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(store.ConnectionString),
                $"ProdStock:Store:Provider is Postgres but ConnectionStrings:{StoreConnectionStringName} is empty: set it (environment variable ConnectionStrings__{StoreConnectionStringName}), e.g. 'Host=127.0.0.1;Database=prodstock;Username=prodstock;Password=...'.")
            .ValidateOnStart();
        services.AddOptions<UserScoreOptions>().BindConfiguration(UserScoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<StoreOptions>, RelativePathsSetup>());
        services.AddProdStockServices();
        // Every way into the inventory passes the stock-writer check: gRPC maps AuthorizedInventoryService, and the REST
        // gateway resolves IInventoryService, registered here as the same instance.
        services.TryAddSingleton(sp => new AuthorizedInventoryService(sp.GetRequiredService<InventoryService>(), sp.GetRequiredService<StockWriterAuthorization>()));
        services.Replace(ServiceDescriptor.Singleton<IInventoryService>(sp => sp.GetRequiredService<AuthorizedInventoryService>()));
        services.AddProdStockHealthChecks();
        services.AddProdStockManagement();
        // Code-first: protobuf-net.Grpc binds the contracts; requests are validated and failures translated by interceptors.
        services.AddValidatedCodeFirstGrpc();
        // Innermost: ends idle and stalled streams, and every stream at shutdown, with a status.
        services.AddProdStockStreamGuard();
        // Server reflection describes the contracts from their exported schema; mapped unless ProdStock:Grpc:Reflection is false.
        services.AddCodeFirstReflection(ProdStockContracts.ServiceContracts, ProdStockSchema.Options());
        services.AddProdStockTelemetry();
        return services;
    }

    /// <summary>
    /// Registers the REST/JSON gateway alone, forwarding every call to a ProdStock gRPC server at
    /// <paramref name="upstream"/> over mutual TLS through the ClientSdk (like the tutorial's <c>httpserver.go</c>).
    /// The client certificates come from the <c>ProdStock:Gateway:Upstream</c> section (keys of <see cref="ProdStockClientOptions"/>;
    /// defaults <c>certs/ca.pem</c>, <c>certs/client.pem</c>, <c>certs/client.key</c>). No gRPC listener and no store.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="upstream">The gRPC server's address, e.g. <c>https://prodstock:10086</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProdStockRemoteGateway(this IServiceCollection services, Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(upstream);
        services.AddProdStockHosting(servesGrpc: false, options => options.Grpc.Enabled = false);
        services.AddProdStockClient(_ => { });
        services.AddOptions<ProdStockClientOptions>()
            .BindConfiguration(UpstreamSectionName)
            .PostConfigure(options =>
            {
                options.Address = upstream;
                options.CaCertificatePath = Path.GetFullPath(options.CaCertificatePath ?? "certs/ca.pem");
                options.ClientCertificatePath = Path.GetFullPath(options.ClientCertificatePath ?? "certs/client.pem");
                options.ClientKeyPath = Path.GetFullPath(options.ClientKeyPath ?? "certs/client.key");
            });
        // The gateway checks its own REST callers as the host checks its callers (the upstream then checks the gateway's
        // certificate): a gateway whose certificate is a writer does not make every REST client one.
        services.Replace(ServiceDescriptor.Transient<IInventoryService>(sp => new AuthorizedInventoryService(
            sp.GetRequiredService<GrpcClientFactory>().CreateClient<IInventoryService>(nameof(IInventoryService)),
            sp.GetRequiredService<StockWriterAuthorization>())));
        return services;
    }

    /// <summary>The name of the PostgreSQL engine's connection string (<c>ConnectionStrings:ProdStock</c>).</summary>
    public const string StoreConnectionStringName = "ProdStock";

    /// <summary>The configuration section of the remote gateway's upstream client.</summary>
    public const string UpstreamSectionName = "ProdStock:Gateway:Upstream";

    /// <summary>What the host and the remote gateway share: options, TLS, listeners, error translation, the gateway's JSON.</summary>
    private static IServiceCollection AddProdStockHosting(this IServiceCollection services, bool servesGrpc, Action<ProdStockHostOptions>? configure)
    {
        var hostOptions = services.AddOptions<ProdStockHostOptions>()
            .BindConfiguration(ProdStockHostOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => IsListenAddress(options.Grpc.Host), "ProdStock:Grpc:Host must be '*', 'localhost' or an IP address.")
            .Validate(options => IsListenAddress(options.Rest.Host), "ProdStock:Rest:Host must be '*', 'localhost' or an IP address.")
            .Validate(options => !options.Rest.Enabled || !options.Grpc.Enabled || options.Rest.Port == 0 || options.Rest.Port != options.Grpc.Port || options.Rest.Host != options.Grpc.Host,
                "ProdStock:Rest:Port must differ from ProdStock:Grpc:Port.")
            .ValidateOnStart();
        if (configure is not null)
        {
            hostOptions.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ProdStockHostOptions>, RelativePathsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ProdStockHostOptions>, StockWriterDefaults>());
        services.TryAddSingleton<StockWriterAuthorization>();
        // Read directly, so a validation failure of ProdStockHostOptions surfaces at start (not while the host is built);
        // a value that is not a duration keeps the default here and is reported when ProdStockHostOptions is bound.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
            host.ShutdownTimeout = TimeSpan.TryParse(configuration[$"{ProdStockHostOptions.SectionName}:{nameof(ProdStockHostOptions.ShutdownTimeout)}"], System.Globalization.CultureInfo.InvariantCulture, out var timeout)
                ? timeout
                : new ProdStockHostOptions().ShutdownTimeout);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<LoggerFilterOptions>, RequestActivityDefault>());
        services.AddProdStockCallLogging();
        services.AddRestGateway(gateway =>
        {
            gateway.Title = "ProdStock REST/JSON gateway";
            gateway.Description =
                "The gateway listens on its own HTTPS port. Unless the server is configured otherwise (`ProdStock:Rest:ClientCertificates`), " +
                "it requires a TLS client certificate signed by the server's CA, as the gRPC port does.";
        });
        // The gateway's settings live beside the REST listener's in ProdStock:Rest (JSON output, body size limits, allowed origins).
        services.AddOptions<RestGatewayOptions>().BindConfiguration(ProdStockHostOptions.SectionName + ":Rest");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RestGatewayOptions>, StreamIdleTimeoutSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<GrpcRequestBodyOptions>, StreamIdleTimeoutSetup>());
        services.TryAddSingleton(provider => new HandshakeFailureLog(
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<HandshakeFailureLog>>(), HandshakeFailureLog.DefaultInterval));
        services.TryAddSingleton<ServerTlsMaterial>();
        services.TryAddSingleton<ListenerAddresses>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, KestrelEndpointSetup>());
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, KestrelLimitsSetup>());

        services.TryAddSingleton(new ProdStockBuilder(servesGrpc));
        return services;
    }

    private static bool IsListenAddress(string host) => host is "*" or "localhost" || System.Net.IPAddress.TryParse(host, out _);
}
