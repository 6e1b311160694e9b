using ProdStock.Bench;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// The mean of the launches' ratios A/B and its 95 % Student-t interval over the launches. Each launch starts new
/// processes, whose code layout, tiering and PGO differ from the last ones by 1–3 % here: the spread between launches,
/// not the pairs inside one, is what says how well the launches pin the ratio down.
/// </summary>
internal sealed record LaunchInterval(double Mean, double Low, double High, int Launches)
{
    // Two-sided 95 % quantiles of Student's t for 1 to 30 degrees of freedom; beyond that the normal's.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>Where the interval lies against a target.</summary>
    public Reading Against(double target, bool higherIsBetter) =>
        Low > target ? (higherIsBetter ? Reading.Better : Reading.Worse)
        : High < target ? (higherIsBetter ? Reading.Worse : Reading.Better)
        : Reading.Level;

    /// <summary>The interval over <paramref name="ratios"/>, or <see langword="null"/> for fewer than two launches.</summary>
    /// <exception cref="ArgumentException">A ratio that is not a positive, finite number.</exception>
    public static LaunchInterval? Of(IReadOnlyList<double> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        if (ratios.Any(r => !(r > 0) || double.IsInfinity(r)))
        {
            throw new ArgumentException("every launch needs a positive, finite ratio", nameof(ratios));
        }

        if (ratios.Count < 2)
        {
            return null;
        }

        var mean = ratios.Average();
        var variance = ratios.Sum(r => (r - mean) * (r - mean)) / (ratios.Count - 1);
        var degrees = ratios.Count - 1;
        var halfWidth = (degrees <= T975.Length ? T975[degrees - 1] : 1.960) * Math.Sqrt(variance / ratios.Count);
        return new LaunchInterval(mean, mean - halfWidth, mean + halfWidth, ratios.Count);
    }
}
