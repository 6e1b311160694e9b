using ProdStock.Services.Orders;
using ProdStock.Services.Products;
using ProdStock.Services.Users;

namespace ProdStock.Host.Hosting;

/// <summary>Maps the ProdStock endpoints.</summary>
public static class ProdStockEndpointRouteBuilderExtensions
{
    /// <summary>Maps the gRPC services <c>services.ProdService</c>, <c>services.OrderService</c> and <c>services.UserService</c>.</summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException"><see cref="ProdStockServiceCollectionExtensions.AddProdStock"/> was not called.</exception>
    public static IEndpointRouteBuilder MapProdStock(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ProdStockBuilder>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddProdStock()' before 'MapProdStock()'.");
        }

        endpoints.MapGrpcService<ProdService>();
        endpoints.MapGrpcService<OrderService>();
        endpoints.MapGrpcService<UserService>();
        return endpoints;
    }
}
