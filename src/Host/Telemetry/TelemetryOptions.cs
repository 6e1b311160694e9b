namespace ProdStock.Host.Telemetry;

/// <summary>The <c>ProdStock:Telemetry</c> configuration section: whether the host emits traces and metrics.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section, <c>ProdStock:Telemetry</c>.</summary>
    public const string SectionName = "ProdStock:Telemetry";

    /// <summary>
    /// Whether the host emits OpenTelemetry traces and metrics (and serves <c>/metrics</c>). Default <see langword="true"/>.
    /// When <see langword="false"/>, nothing listens: no request activities, no store spans, no metric recording, no
    /// <c>/metrics</c>. OpenTelemetry's own <c>OTEL_SDK_DISABLED=true</c> turns it off as well.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether the host records traces: by default only when something exports them (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set), since a span per call costs CPU and memory with nobody to read it (bench/README, "Telemetry");
    /// <see langword="true"/> records them for exporters an application adds itself. Read once, at registration.
    /// </summary>
    public bool? Tracing { get; set; }
}
