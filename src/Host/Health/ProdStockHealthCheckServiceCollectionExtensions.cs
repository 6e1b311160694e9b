using Microsoft.Extensions.DependencyInjection.Extensions;
using ProdStock.Contracts;
using ProtoBuf.Grpc.Configuration;

namespace ProdStock.Host.Health;

/// <summary>Registers the host's health checks and the standard gRPC health service's view of them.</summary>
internal static class ProdStockHealthCheckServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="StoreHealthCheck"/> (<c>store</c>) and <c>grpc.health.v1.Health</c>, which answers for the whole
    /// server (the empty name: every check) and for each ProdStock service by its wire name (<c>services.ProdService</c>,
    /// …: the store check). Reads are served from memory, but a host whose store is down is not fit to serve.
    /// </summary>
    public static IServiceCollection AddProdStockHealthChecks(this IServiceCollection services)
    {
        services.TryAddSingleton<StoreReadiness>();
        services.AddGrpcHealthChecks(options =>
        {
            foreach (var name in ServiceNames)
            {
                options.Services.Map(name, check => check.Name == StoreHealthCheck.Name);
            }
        }).AddCheck<StoreHealthCheck>(StoreHealthCheck.Name);
        return services;
    }

    /// <summary>The gRPC service names of the contracts, as protobuf-net.Grpc binds them (<c>[ServiceContract(Name = …)]</c>).</summary>
    public static IEnumerable<string> ServiceNames =>
        ProdStockContracts.ServiceContracts.Select(contract => ServiceBinder.Default.IsServiceContract(contract, out var name) && name is not null
            ? name
            : throw new InvalidOperationException($"{contract} is not a service contract."));
}
