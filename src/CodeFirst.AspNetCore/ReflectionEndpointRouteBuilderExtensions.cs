using CodeFirst.AspNetCore.Reflection;
using Grpc.Reflection;

namespace CodeFirst.AspNetCore;

/// <summary>Maps gRPC server reflection for code-first services.</summary>
public static class ReflectionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the server reflection services <c>grpc.reflection.v1.ServerReflection</c> and
    /// <c>grpc.reflection.v1alpha.ServerReflection</c> registered by
    /// <see cref="CodeFirstServiceCollectionExtensions.AddCodeFirstReflection(IServiceCollection, IEnumerable{Type})"/>. The descriptors and the list of services
    /// (read from the application's endpoints) are worked out at the first reflection call, so the services may be mapped
    /// before or after this call, and an application that is never reflected on pays nothing at start.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>A group holding both reflection services' endpoints, for conventions (authorization, host filters).</returns>
    /// <exception cref="InvalidOperationException"><see cref="CodeFirstServiceCollectionExtensions.AddCodeFirstReflection(IServiceCollection, IEnumerable{Type})"/> was not called.</exception>
    public static RouteGroupBuilder MapCodeFirstReflection(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        _ = endpoints.ServiceProvider.GetService<ReflectedContracts>() ?? throw new InvalidOperationException(
            "Unable to find the required services. Add them by calling 'services.AddCodeFirstReflection(contracts)' before 'MapCodeFirstReflection()'.");
        var group = endpoints.MapGroup("");
        group.MapGrpcService<ReflectionV1ServiceImpl>();
        group.MapGrpcService<ReflectionServiceImpl>();
        return group;
    }
}
