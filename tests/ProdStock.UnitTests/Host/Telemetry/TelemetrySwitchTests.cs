using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ProdStock.Host.Telemetry;

namespace ProdStock.UnitTests.Host.Telemetry;

/// <summary>Spans are recorded only when something reads them: an OTLP endpoint, or an explicit setting.</summary>
public sealed class TelemetrySwitchTests
{
    private static TelemetrySwitch Switch(bool enabled = true, bool? tracing = null, params (string Key, string Value)[] settings) =>
        new(Options.Create(new TelemetryOptions { Enabled = enabled, Tracing = tracing }),
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Tracing_DefaultsWithoutExporter_IsOffWhileMetricsStayOn()
    {
        var telemetry = Switch();

        (telemetry.Enabled, telemetry.Tracing).Should().Be((true, false));
    }

    [Fact]
    public void Tracing_OtlpEndpointSet_IsOn()
    {
        Switch(settings: (TelemetrySwitch.OtlpEndpointKey, "http://127.0.0.1:4317")).Tracing.Should().BeTrue();
    }

    [Fact]
    public void Tracing_SetTrueWithoutExporter_IsOn()
    {
        Switch(tracing: true).Tracing.Should().BeTrue();
    }

    [Fact]
    public void Tracing_SetFalseWithOtlpEndpoint_IsOff()
    {
        Switch(tracing: false, settings: (TelemetrySwitch.OtlpEndpointKey, "http://127.0.0.1:4317")).Tracing.Should().BeFalse();
    }

    [Theory]
    [InlineData(false, "false")]
    [InlineData(true, "true")]
    public void Tracing_TelemetryOffEitherWay_IsOff(bool enabled, string sdkDisabled)
    {
        var telemetry = Switch(enabled, tracing: true, (TelemetrySwitch.SdkDisabledKey, sdkDisabled));

        (telemetry.Enabled, telemetry.Tracing).Should().Be((false, false));
    }
}
