using Microsoft.Extensions.Options;

namespace ProdStock.Host.Telemetry;

/// <summary>
/// Whether telemetry is on for this host, decided once from <see cref="TelemetryOptions.Enabled"/> and OpenTelemetry's
/// <c>OTEL_SDK_DISABLED</c>. Every part of the host's telemetry asks it when it is first built.
/// </summary>
internal sealed class TelemetrySwitch(IOptions<TelemetryOptions> options, IConfiguration configuration)
{
    /// <summary>OpenTelemetry's standard switch that turns the SDK off.</summary>
    public const string SdkDisabledKey = "OTEL_SDK_DISABLED";

    public bool Enabled { get; } = options.Value.Enabled && !configuration.GetValue(SdkDisabledKey, false);
}
