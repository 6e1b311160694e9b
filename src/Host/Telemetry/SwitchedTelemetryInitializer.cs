using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ProdStock.Host.Telemetry;

/// <summary>
/// Builds the OpenTelemetry tracer and meter providers when the host starts, as OpenTelemetry.Extensions.Hosting's own
/// initializer does, but only while <see cref="TelemetrySwitch.Enabled"/> (the tracer provider only while
/// <see cref="TelemetrySwitch.Tracing"/>): a provider never built registers no <c>ActivityListener</c>, no
/// <c>DiagnosticListener</c> subscription and no <c>MeterListener</c>, so ASP.NET Core starts no activity per request
/// and no instrument records anything.
/// </summary>
internal sealed class SwitchedTelemetryInitializer(IServiceProvider services, TelemetrySwitch telemetry) : ITelemetryHostInitializer
{
    public void Initialize()
    {
        if (!telemetry.Enabled)
        {
            return;
        }

        if (telemetry.Tracing)
        {
            _ = services.GetService<TracerProvider>();
        }

        _ = services.GetService<MeterProvider>();
    }
}
