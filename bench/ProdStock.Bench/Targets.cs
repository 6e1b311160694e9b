using System.Globalization;

namespace ProdStock.Bench;

/// <summary>The targets of the comparison (issue 6) and which of them a scenario's ratios A/B miss.</summary>
internal static class Targets
{
    public const string Description = "A/B calls/s ≥ 1.00, CPU/call ≤ 1.00, bytes/call ≤ 1.00";

    /// <summary>The REST gateway adds at most 30 % per call over A's own gRPC unary call.</summary>
    public const double RestCpuPerCall = 1.30;

    public static IEnumerable<string> Misses(string scenario, double? callsPerSecond, double? cpuPerCall, double? bytesPerCall)
    {
        if (callsPerSecond is < 1.0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{scenario} calls/s {callsPerSecond:0.000}");
        }

        if (cpuPerCall is > 1.0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{scenario} CPU/call {cpuPerCall:0.000}");
        }

        if (bytesPerCall is > 1.0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{scenario} bytes/call {bytesPerCall:0.000}");
        }
    }
}
