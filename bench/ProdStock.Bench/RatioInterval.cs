namespace ProdStock.Bench;

/// <summary>
/// A ratio of medians A/B over rounds, with how precisely the rounds pin it down: a 95 % percentile bootstrap that
/// resamples whole rounds, each round's A and B together (they ran next to each other, so they share the machine's
/// drift). Seeded, so the same results always give the same interval.
/// </summary>
internal sealed record RatioInterval(double Ratio, double Low, double High, int Rounds)
{
    public const int Resamples = 10_000;

    private const int Seed = 20_261_125;

    /// <summary>Where the interval lies against a target: what the rounds can and cannot tell apart.</summary>
    public Reading Against(double target, bool higherIsBetter) =>
        Low > target ? (higherIsBetter ? Reading.Better : Reading.Worse)
        : High < target ? (higherIsBetter ? Reading.Worse : Reading.Better)
        : Reading.Level;

    /// <summary>The ratio of the medians of A and of B over <paramref name="rounds"/>, and its 95 % bootstrap interval.</summary>
    /// <exception cref="ArgumentException">No rounds, or a value that is not a positive number.</exception>
    public static RatioInterval Of(IReadOnlyList<(double A, double B)> rounds)
    {
        Check(rounds);
        var ratio = Stats.Median(rounds.Select(r => r.A)) / Stats.Median(rounds.Select(r => r.B));
        var random = new Random(Seed);
        var a = new double[rounds.Count];
        var b = new double[rounds.Count];
        var ratios = new double[Resamples];
        for (var resample = 0; resample < Resamples; resample++)
        {
            for (var i = 0; i < rounds.Count; i++)
            {
                (a[i], b[i]) = rounds[random.Next(rounds.Count)];
            }

            ratios[resample] = Stats.Median(a) / Stats.Median(b);
        }

        return FromResamples(ratio, ratios, rounds.Count);
    }

    /// <summary>
    /// The median of each round's own ratio A/B over <paramref name="rounds"/>, and its 95 % bootstrap interval. A round's
    /// A and B ran back to back, so the drift of the machine's speed from one round to the next, which widens the ratio
    /// of the medians, mostly cancels in each round's ratio.
    /// </summary>
    /// <exception cref="ArgumentException">No rounds, or a value that is not a positive number.</exception>
    public static RatioInterval OfEachRound(IReadOnlyList<(double A, double B)> rounds)
    {
        Check(rounds);
        var each = rounds.Select(r => r.A / r.B).ToArray();
        var random = new Random(Seed);
        var sample = new double[each.Length];
        var medians = new double[Resamples];
        for (var resample = 0; resample < Resamples; resample++)
        {
            for (var i = 0; i < each.Length; i++)
            {
                sample[i] = each[random.Next(each.Length)];
            }

            medians[resample] = Stats.Median(sample);
        }

        return FromResamples(Stats.Median(each), medians, rounds.Count);
    }

    private static void Check(IReadOnlyList<(double A, double B)> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            throw new ArgumentException("there are no rounds to compare", nameof(rounds));
        }

        if (rounds.Any(r => !(r.A > 0) || !(r.B > 0) || double.IsInfinity(r.A) || double.IsInfinity(r.B)))
        {
            throw new ArgumentException("every round needs a positive, finite value for A and for B", nameof(rounds));
        }
    }

    private static RatioInterval FromResamples(double ratio, double[] resampled, int rounds)
    {
        Array.Sort(resampled);
        return new RatioInterval(ratio, resampled[(int)Math.Floor(0.025 * (Resamples - 1))], resampled[(int)Math.Ceiling(0.975 * (Resamples - 1))], rounds);
    }
}

/// <summary>What a <see cref="RatioInterval"/> says against a target.</summary>
internal enum Reading
{
    /// <summary>The whole interval is on the target's good side: A is better beyond this machine's noise.</summary>
    Better,

    /// <summary>The interval contains the target: the rounds cannot tell A and B apart.</summary>
    Level,

    /// <summary>The whole interval is on the target's bad side: A is worse beyond this machine's noise.</summary>
    Worse,
}
