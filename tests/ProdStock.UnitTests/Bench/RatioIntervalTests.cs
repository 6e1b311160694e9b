using ProdStock.Bench;

namespace ProdStock.UnitTests.Bench;

public sealed class RatioIntervalTests
{
    [Fact]
    public void Of_EveryRoundAlike_IntervalIsTheRatioItself()
    {
        var interval = RatioInterval.Of([(110, 100), (110, 100), (110, 100), (110, 100)]);

        interval.Ratio.Should().BeApproximately(1.1, 1e-12);
        interval.Low.Should().BeApproximately(1.1, 1e-12);
        interval.High.Should().BeApproximately(1.1, 1e-12);
        interval.Rounds.Should().Be(4);
    }

    [Fact]
    public void Of_Rounds_RatioIsOfTheMediansNotTheMeans()
    {
        var interval = RatioInterval.Of([(1, 1), (2, 1), (100, 1)]);

        interval.Ratio.Should().Be(2);
    }

    [Fact]
    public void Of_AClearlyAheadOfNoisyB_IntervalAboveOneReadsBetterForThroughput()
    {
        var rounds = Enumerable.Range(0, 15).Select(i => (A: 110.0 + (i % 5), B: 98.0 + (i % 4))).ToList();

        var interval = RatioInterval.Of(rounds);

        interval.Low.Should().BeGreaterThan(1.0);
        interval.Low.Should().BeLessThanOrEqualTo(interval.Ratio);
        interval.High.Should().BeGreaterThanOrEqualTo(interval.Ratio);
        interval.Against(1.0, higherIsBetter: true).Should().Be(Reading.Better);
        interval.Against(1.0, higherIsBetter: false).Should().Be(Reading.Worse);
    }

    [Fact]
    public void Of_SameSpreadForAAndB_IntervalContainsOneAndReadsLevel()
    {
        double[] spread = [92, 97, 100, 103, 108, 95, 105, 99, 101, 94, 106];
        var rounds = spread.Select((value, i) => (A: value, B: spread[(i + 4) % spread.Length])).ToList();

        var interval = RatioInterval.Of(rounds);

        interval.Ratio.Should().Be(1.0);
        interval.Low.Should().BeLessThan(1.0);
        interval.High.Should().BeGreaterThan(1.0);
        interval.Against(1.0, higherIsBetter: true).Should().Be(Reading.Level);
        interval.Against(1.0, higherIsBetter: false).Should().Be(Reading.Level);
    }

    [Fact]
    public void Of_ACostsLessBeyondNoise_ReadsBetterForCosts()
    {
        var rounds = Enumerable.Range(0, 9).Select(i => (A: 80.0 + i, B: 100.0 + i)).ToList();

        RatioInterval.Of(rounds).Against(1.0, higherIsBetter: false).Should().Be(Reading.Better);
    }

    [Fact]
    public void Of_SameRoundsTwice_SameInterval()
    {
        var rounds = Enumerable.Range(0, 12).Select(i => (A: 100.0 + ((i * 7) % 11), B: 100.0 + ((i * 5) % 13))).ToList();

        RatioInterval.Of(rounds).Should().Be(RatioInterval.Of(rounds));
    }

    [Fact]
    public void OfEachRound_Rounds_IsTheMedianOfEachRoundsRatioNotTheRatioOfTheMedians()
    {
        (double A, double B)[] rounds = [(2, 1), (3, 3), (100, 10)];

        RatioInterval.Of(rounds).Ratio.Should().Be(1.0);
        RatioInterval.OfEachRound(rounds).Ratio.Should().Be(2.0);
        RatioInterval.OfEachRound(rounds).Rounds.Should().Be(3);
    }

    [Fact]
    public void OfEachRound_MachineDriftingWhileACostsTwoPercentLessInEveryRound_ReadsBetter()
    {
        // The machine's speed swings by ±15 % from round to round; within a round A costs 2 % less than B.
        double[] drift = [1.00, 1.15, 0.88, 1.07, 0.93, 1.12, 0.86, 1.03, 0.97, 1.10, 0.90, 1.05];
        var rounds = drift.Select((speed, i) => (A: 98.0 * speed * (1 + (0.002 * (i % 3))), B: 100.0 * speed)).ToList();
        var mixed = rounds.Select((r, i) => (r.A, B: rounds[(i + 6) % rounds.Count].B)).ToList();

        var eachRound = RatioInterval.OfEachRound(rounds);

        eachRound.Ratio.Should().BeApproximately(0.98 * 1.002, 0.0021);
        eachRound.Against(1.0, higherIsBetter: false).Should().Be(Reading.Better);
        RatioInterval.OfEachRound(mixed).Against(1.0, higherIsBetter: false).Should().Be(Reading.Level, "rounds whose A and B did not run together keep the drift");
    }

    [Fact]
    public void OfEachRound_SameRoundsTwice_SameInterval()
    {
        var rounds = Enumerable.Range(0, 12).Select(i => (A: 100.0 + ((i * 7) % 11), B: 100.0 + ((i * 5) % 13))).ToList();

        RatioInterval.OfEachRound(rounds).Should().Be(RatioInterval.OfEachRound(rounds));
    }

    [Fact]
    public void OfEachRound_NoRounds_Throws()
    {
        var act = () => RatioInterval.OfEachRound([]);

        act.Should().Throw<ArgumentException>().WithMessage("*no rounds*");
    }

    [Fact]
    public void OfEachRound_ValueNotPositive_Throws()
    {
        var act = () => RatioInterval.OfEachRound([(100, 100), (100, 0)]);

        act.Should().Throw<ArgumentException>().WithMessage("*positive, finite*");
    }

    [Fact]
    public void Of_NoRounds_Throws()
    {
        var act = () => RatioInterval.Of([]);

        act.Should().Throw<ArgumentException>().WithMessage("*no rounds*");
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(-1.0, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(1.0, double.PositiveInfinity)]
    public void Of_ValueNotPositiveAndFinite_Throws(double a, double b)
    {
        var act = () => RatioInterval.Of([(100, 100), (a, b)]);

        act.Should().Throw<ArgumentException>().WithMessage("*positive, finite*");
    }
}
