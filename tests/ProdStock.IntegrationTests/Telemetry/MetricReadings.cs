using OpenTelemetry.Metrics;

namespace ProdStock.IntegrationTests.Telemetry;

/// <summary>Reads values out of exported metric snapshots.</summary>
internal static class MetricReadings
{
    /// <summary>The sum of a counter's points that carry every one of <paramref name="tags"/> (0 when there are none).</summary>
    public static long Sum(this IEnumerable<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags) =>
        Points(metrics, name, tags).Sum(point => point.GetSumLong());

    /// <summary>How many measurements a histogram's points that carry every one of <paramref name="tags"/> hold.</summary>
    public static long HistogramCount(this IEnumerable<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags) =>
        Points(metrics, name, tags).Sum(point => point.GetHistogramCount());

    /// <summary>A gauge's last value.</summary>
    public static long Gauge(this IEnumerable<MetricSnapshot> metrics, string name) =>
        Points(metrics, name, []).Single().GetGaugeLastValueLong();

    /// <summary>The tag sets of a metric's points.</summary>
    public static List<Dictionary<string, object?>> TagSets(this IEnumerable<MetricSnapshot> metrics, string name) =>
        [.. Points(metrics, name, []).Select(point => Tags(point))];

    private static IEnumerable<MetricPoint> Points(IEnumerable<MetricSnapshot> metrics, string name, (string Key, object Value)[] tags) =>
        metrics.Where(metric => metric.Name == name)
            .SelectMany(metric => metric.MetricPoints)
            .Where(point =>
            {
                var pointTags = Tags(point);
                return tags.All(tag => pointTags.TryGetValue(tag.Key, out var value) && Equals(value, tag.Value));
            });

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }
}
