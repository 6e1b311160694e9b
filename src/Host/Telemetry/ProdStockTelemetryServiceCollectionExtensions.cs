using System.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ProdStock.Host.Telemetry;
using ProdStock.Services.Telemetry;

// Beside AddProdStock and MapProdStock, which call these, in their namespace.
namespace ProdStock.Host.Hosting;

/// <summary>Adds the host's OpenTelemetry traces and metrics.</summary>
public static class ProdStockTelemetryServiceCollectionExtensions
{
    /// <summary>The <c>service.name</c> the host reports unless <c>OTEL_SERVICE_NAME</c> names another.</summary>
    public const string ServiceName = "prodstock";

    /// <summary>OpenTelemetry's standard variable: set, the host exports everything over OTLP to that endpoint.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The ASP.NET Core and Kestrel meters the host exports, besides its own and the runtime's.</summary>
    internal static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    /// <summary>
    /// Registers OpenTelemetry for the host, switched by <see cref="TelemetryOptions.Enabled"/> (<c>ProdStock:Telemetry:Enabled</c>,
    /// on by default):
    /// <list type="bullet">
    /// <item>traces: a server span per gRPC and REST call (ASP.NET Core instrumentation) with <c>rpc.system</c>,
    /// <c>rpc.service</c>, <c>rpc.method</c> and <c>rpc.grpc.status_code</c>, and the store's spans
    /// (<see cref="StoreTelemetry.ActivitySourceName"/>) beneath it; W3C trace context from callers is followed;</item>
    /// <item>metrics: ASP.NET Core's and Kestrel's meters, the runtime's, <c>rpc.server.duration</c> and the domain's
    /// meter (<see cref="StoreTelemetry.MeterName"/>), for the Prometheus endpoint (<see cref="ProdStockTelemetryEndpointRouteBuilderExtensions.MapProdStockMetrics"/>);</item>
    /// <item>OTLP export of traces, metrics and logs when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (OpenTelemetry's
    /// <c>UseOtlpExporter()</c>, configured by the standard <c>OTEL_*</c> variables), none otherwise.</item>
    /// </list>
    /// Call it after the ProdStock services are registered: it decorates their stores.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProdStockTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        services.TryAddSingleton<TelemetrySwitch>();
        services.AddMetrics();
        services.AddProdStockStoreTelemetry(sp => sp.GetRequiredService<TelemetrySwitch>().Enabled);
        services.TryAddSingleton<RpcServerMetricsInterceptor>();
        services.AddOptions<GrpcServiceOptions>().Configure<TelemetrySwitch>((grpc, telemetry) =>
        {
            if (telemetry.Enabled)
            {
                AddFirst<RpcServerMetricsInterceptor>(grpc.Interceptors);
            }
        });

        var exportsOverOtlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(ServiceName, serviceVersion: typeof(ProdStockTelemetryServiceCollectionExtensions).Assembly
                    .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion)
                // Again after AddService, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES have the last word.
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter(StoreTelemetry.MeterName)
                .AddMeter(FrameworkMeters)
                .AddPrometheusExporter());
        // The tracer provider is built only when spans are wanted (TelemetrySwitch.Tracing, SwitchedTelemetryInitializer).
        openTelemetry.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(options =>
            {
                options.Filter = context => !context.Request.Path.StartsWithSegments(ProdStockTelemetryEndpointRouteBuilderExtensions.MetricsPath);
                options.EnrichWithHttpResponse = RpcSpanEnricher.Enrich;
            })
            .AddSource(StoreTelemetry.ActivitySourceName));

        if (exportsOverOtlp)
        {
            openTelemetry.UseOtlpExporter();
            // Logs reach OpenTelemetry through the logging provider, not through the providers the switch leaves unbuilt.
            services.AddOptions<LoggerFilterOptions>().Configure<TelemetrySwitch>((filters, telemetry) =>
            {
                if (!telemetry.Enabled)
                {
                    filters.Rules.Add(new LoggerFilterRule(typeof(OpenTelemetryLoggerProvider).FullName, categoryName: null, LogLevel.None, filter: null));
                }
            });
        }

        // OpenTelemetry builds its providers as the host starts; with telemetry off they are never built, so nothing listens.
        services.Replace(ServiceDescriptor.Singleton<ITelemetryHostInitializer, SwitchedTelemetryInitializer>());
        return services;
    }

    /// <summary>Puts an interceptor first in the pipeline (outermost), so it sees every call as the client does.</summary>
    private static void AddFirst<TInterceptor>(InterceptorCollection interceptors)
        where TInterceptor : Grpc.Core.Interceptors.Interceptor
    {
        interceptors.Add<TInterceptor>();
        var registration = interceptors[^1];
        interceptors.RemoveAt(interceptors.Count - 1);
        interceptors.Insert(0, registration);
    }
}
