using ProdStock.Bench;
using ProdStock.Bench.Pipeline;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class LaunchIntervalTests
{
    [Fact]
    public void Of_FourLaunches_MeanWithStudentTHalfWidth()
    {
        // Mean 1.01; sample standard deviation 0.0182574; t(0.975, 3) = 3.182; half width 3.182 × 0.0182574 / 2 = 0.029047.
        var interval = LaunchInterval.Of([0.99, 1.00, 1.02, 1.03])!;

        interval.Mean.Should().BeApproximately(1.01, 1e-12);
        interval.Low.Should().BeApproximately(1.01 - 0.029047, 1e-5);
        interval.High.Should().BeApproximately(1.01 + 0.029047, 1e-5);
        interval.Launches.Should().Be(4);
    }

    [Fact]
    public void Of_MoreThanThirtyLaunches_NormalQuantile()
    {
        var ratios = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 0.99 : 1.01).ToList();

        var interval = LaunchInterval.Of(ratios)!;

        var standardError = Math.Sqrt(40 * 0.0001 / 39 / 40);
        interval.High.Should().BeApproximately(1.0 + (1.96 * standardError), 1e-9);
    }

    [Fact]
    public void Of_IdenticalLaunches_IntervalIsTheRatio()
    {
        var interval = LaunchInterval.Of([1.02, 1.02, 1.02])!;

        interval.Low.Should().BeApproximately(1.02, 1e-12);
        interval.High.Should().BeApproximately(1.02, 1e-12);
        interval.Against(1.0, higherIsBetter: false).Should().Be(Reading.Worse);
        interval.Against(1.0, higherIsBetter: true).Should().Be(Reading.Better);
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 1.01 })]
    public void Of_FewerThanTwoLaunches_Null(double[] ratios)
    {
        LaunchInterval.Of(ratios).Should().BeNull();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Of_RatioNotPositiveAndFinite_Throws(double bad)
    {
        var act = () => LaunchInterval.Of([1.0, bad]);

        act.Should().Throw<ArgumentException>().WithMessage("*positive, finite*");
    }

    [Theory]
    [InlineData(0.97, 0.99, "Better")]
    [InlineData(1.001, 1.02, "Worse")]
    [InlineData(0.99, 1.01, "Level")]
    public void Against_AtMostOne_ReadsWhereTheIntervalLies(double low, double high, string expected)
    {
        new LaunchInterval((low + high) / 2, low, high, 4).Against(1.0, higherIsBetter: false).Should().Be(Enum.Parse<Reading>(expected));
    }
}
