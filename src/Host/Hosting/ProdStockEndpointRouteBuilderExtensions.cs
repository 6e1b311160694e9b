using CodeFirst.AspNetCore;
using Microsoft.Extensions.Options;
using ProdStock.Contracts;
using ProdStock.Host.Authorization;
using ProdStock.Host.Configuration;
using ProdStock.Host.Logging;
using ProdStock.Host.Management;
using ProdStock.Host.Streams;
using ProdStock.Services.Orders;
using ProdStock.Services.Products;
using ProdStock.Services.Users;

namespace ProdStock.Host.Hosting;

/// <summary>Maps the ProdStock endpoints.</summary>
public static class ProdStockEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the gRPC services <c>services.ProdService</c>, <c>services.OrderService</c>, <c>services.UserService</c> and
    /// <c>services.InventoryService</c> (for stock writers only), <c>grpc.health.v1.Health</c>, server reflection (unless
    /// <c>ProdStock:Grpc:Reflection</c> is false) and the REST/JSON gateway's routes (served on the REST listener unless <c>ProdStock:Rest:Enabled</c> is false). On a <see cref="WebApplication"/> it also
    /// adds the middleware that keeps each listener to its own endpoints.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException"><see cref="ProdStockServiceCollectionExtensions.AddProdStock"/> was not called.</exception>
    public static IEndpointRouteBuilder MapProdStock(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ProdStockBuilder>() is not { } registered)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddProdStock()' before 'MapProdStock()'.");
        }

        if (endpoints is IApplicationBuilder app)
        {
            app.UseMiddleware<ListenerGuardMiddleware>();
            if (registered.ServesGrpc)
            {
                app.UseMiddleware<ExpiredDeadlineMiddleware>();
                app.UseMiddleware<StreamingCallGateMiddleware>();
            }
        }

        if (registered.ServesGrpc)
        {
            // The host serves the services; the remote gateway (AddProdStockRemoteGateway) only forwards to them.
            endpoints.MapGrpcService<ProdService>();
            endpoints.MapGrpcService<OrderService>();
            endpoints.MapGrpcService<UserService>();
            endpoints.MapGrpcService<AuthorizedInventoryService>();
            endpoints.MapGrpcHealthChecksService();
            if (ServesReflection(endpoints.ServiceProvider))
            {
                endpoints.MapCodeFirstReflection();
            }

            endpoints.MapProdStockManagement();
        }

        // Mapped even when ProdStock:Rest:Enabled is false: then no listener serves them.
        endpoints.MapRestGateway(ProdStockContracts.ServiceContracts).WithCallLogging().ServedOnRestListener();
        endpoints.MapProdStockTelemetry();

        return endpoints;
    }

    /// <summary>
    /// <c>ProdStock:Grpc:Reflection</c>. Invalid host options answer <see langword="true"/> here: the start, which validates
    /// them, then reports them as it reports any invalid setting.
    /// </summary>
    private static bool ServesReflection(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<ProdStockHostOptions>>().Value.Grpc.Reflection;
        }
        catch (OptionsValidationException)
        {
            return true;
        }
    }
}
