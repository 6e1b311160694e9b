using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Management;

/// <summary>
/// The management listener (<c>ProdStock:Management</c>, plain HTTP on 127.0.0.1:9469 by default) and what it serves:
/// <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness), through ASP.NET Core's health checks.
/// </summary>
internal static class ProdStockManagementExtensions
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    /// <summary>Registers the listener (validated against the others at start) and the health check service it reports.</summary>
    public static IServiceCollection AddProdStockManagement(this IServiceCollection services)
    {
        services.TryAddSingleton<ManagementRegistration>();
        services.AddHealthChecks();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProdStockHostOptions>, ManagementOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, ManagementListenerSetup>());
        return services;
    }

    /// <summary>
    /// Maps <c>/healthz</c>, 200 "Healthy" while the process runs, and <c>/readyz</c>, 200 "Healthy" when every health check
    /// passes (the store was initialized and answers), else 503 with the failing checks (e.g.
    /// <c>Unhealthy: store: the store does not answer</c>); both on the management listener only.
    /// </summary>
    public static IEndpointRouteBuilder MapProdStockManagement(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<ManagementRegistration>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddProdStockManagement()' before 'MapProdStockManagement()'.");
        }

        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false }).ServedOnManagementListener();
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions { ResponseWriter = WriteReadinessAsync }).ServedOnManagementListener();
        return endpoints;
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var failing = report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Status.ToString()}")
            .ToList();
        return context.Response.WriteAsync(failing.Count == 0 ? report.Status.ToString() : $"{report.Status}: {string.Join("; ", failing)}");
    }

    /// <summary>Marks a service collection that <see cref="AddProdStockManagement"/> was called on.</summary>
    private sealed class ManagementRegistration;
}
