using ProdStock.Bench;
using ProdStock.Bench.Pipeline;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class PairedBlocksTests
{
    [Fact]
    public void TryParse_NoOptions_EveryScenarioFourLaunchesOfTwentySeconds()
    {
        PairedBlocks.TryParse(["paired"], out var options, out var problem).Should().BeTrue();

        options.Should().BeEquivalentTo(new PairedOptions(20, 4, PipelineScenario.Names));
        problem.Should().BeNull();
    }

    [Fact]
    public void TryParse_OptionsAndScenarios_Taken()
    {
        PairedBlocks.TryParse(["paired", "duplex", "--seconds", "30", "unary", "--launches", "5"], out var options, out _).Should().BeTrue();

        options.Seconds.Should().Be(30);
        options.Launches.Should().Be(5);
        options.Scenarios.Should().Equal("duplex", "unary");
    }

    [Theory]
    [InlineData("--seconds")]
    [InlineData("--seconds", "4")]
    [InlineData("--seconds", "3601")]
    [InlineData("--seconds", "soon")]
    public void TryParse_BadSeconds_FailsNamingTheOption(params string[] options)
    {
        PairedBlocks.TryParse(["paired", .. options], out _, out var problem).Should().BeFalse();

        problem.Should().Be("--seconds takes a whole number from 5 to 3600");
    }

    [Theory]
    [InlineData("--launches", "0")]
    [InlineData("--launches", "21")]
    [InlineData("unary", "--launches")]
    public void TryParse_BadLaunches_FailsNamingTheOption(params string[] options)
    {
        PairedBlocks.TryParse(["paired", .. options], out _, out var problem).Should().BeFalse();

        problem.Should().Be("--launches takes a whole number from 1 to 20");
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    public void TryParse_Null_SameServerOnBothSides(string server)
    {
        PairedBlocks.TryParse(["paired", "--null", server, "unary"], out var options, out _).Should().BeTrue();

        var kind = Enum.Parse<ServerKind>(server);
        options.Null.Should().Be(kind);
        options.Sides.Should().Be((kind, kind));
    }

    [Fact]
    public void TryParse_NoNull_AAgainstB()
    {
        PairedBlocks.TryParse(["paired", "unary"], out var options, out _).Should().BeTrue();

        options.Sides.Should().Be((ServerKind.A, ServerKind.B));
    }

    [Theory]
    [InlineData("--null")]
    [InlineData("--null", "C")]
    [InlineData("--null", "a")]
    public void TryParse_BadNull_FailsNamingTheOption(params string[] options)
    {
        PairedBlocks.TryParse(["paired", .. options], out _, out var problem).Should().BeFalse();

        problem.Should().Be("--null takes A or B");
    }

    [Fact]
    public void TryParse_UnknownScenario_FailsNamingIt()
    {
        PairedBlocks.TryParse(["paired", "unary", "rest"], out _, out var problem).Should().BeFalse();

        problem.Should().Be("unknown scenario 'rest'");
    }

    [Theory]
    [InlineData(10e-6, 5_000)]
    [InlineData(0.2, 1)]
    [InlineData(0, 1)]
    [InlineData(1e-12, BlockServer.MaxCallsPerBlock)]
    public void CallsPerBlock_TimePerCall_FillsABlockOfFiftyMilliseconds(double secondsPerCall, int expected)
    {
        PairedBlocks.CallsPerBlock(secondsPerCall).Should().Be(expected);
    }

    [Fact]
    public void FirstOf_ConsecutivePairs_AlternateWhoGoesFirst()
    {
        Enumerable.Range(0, 4).Select(PairedBlocks.FirstOf).Should().Equal(ServerKind.A, ServerKind.B, ServerKind.A, ServerKind.B);
    }

    [Fact]
    public void Markdown_Launches_OneRowPerScenarioWithEachLaunchAndTheReading()
    {
        var markdown = PairedBlocks.Markdown([new PairedScenario("unary",
        [
            new PairedResult(5000, 9.5, 9.6, new RatioInterval(0.990, 0.985, 0.995, 400)),
            new PairedResult(5000, 9.7, 9.6, new RatioInterval(1.010, 1.005, 1.015, 410)),
        ])]);

        // Mean 1.000, half width 12.706 × 0.01414 / √2 = 0.127.
        markdown.Should().Contain("| unary | 2 × 405 | 9.600 | 9.600 | 0.990 [0.985, 0.995]; 1.010 [1.005, 1.015] | 1.000 [0.873, 1.127] | level |");
    }

    [Fact]
    public void Markdown_OneLaunch_MeanWithoutAnIntervalOverLaunches()
    {
        var markdown = PairedBlocks.Markdown([new PairedScenario("duplex", [Launch(1.012, 1.008, 1.016)])]);

        markdown.Should().Contain("| 1.012 [1.008, 1.016] | 1.012 | worse |");
    }

    [Theory]
    [InlineData(new[] { 1.010, 1.012, 1.008, 1.011 }, "Worse")]
    [InlineData(new[] { 0.990, 0.988, 0.992, 0.989 }, "Better")]
    [InlineData(new[] { 1.030, 0.975, 1.010, 0.990 }, "Level")]
    public void Reading_Launches_ReadByTheIntervalOverTheLaunches(double[] ratios, string expected)
    {
        var scenario = new PairedScenario("unary", ratios.Select(r => Launch(r, r - 0.002, r + 0.002)).ToList());

        scenario.Reading.Should().Be(Enum.Parse<Reading>(expected));
    }

    [Fact]
    public void Reading_EveryLaunchWorseButSpreadWide_LevelBecauseTheLaunchesDoNotAgreeEnough()
    {
        // Each launch's own interval is above 1.00, but two launches 1.005 and 1.060 apart cannot pin the mean down.
        var scenario = new PairedScenario("unary", [Launch(1.005, 1.002, 1.008), Launch(1.060, 1.055, 1.065)]);

        scenario.Launches.Should().OnlyContain(l => l.Reading == Reading.Worse);
        scenario.Reading.Should().Be(Reading.Level);
    }

    [Fact]
    public void Reading_OneLaunch_ReadByItsOwnInterval()
    {
        new PairedScenario("unary", [Launch(0.99, 0.98, 0.995)]).Reading.Should().Be(Reading.Better);
    }

    [Theory]
    [InlineData(0.990, 0.985, 0.995, "Better")]
    [InlineData(1.010, 1.005, 1.015, "Worse")]
    [InlineData(1.002, 0.995, 1.010, "Level")]
    public void PairedResultReading_Interval_AgainstAtMostOne(double ratio, double low, double high, string expected)
    {
        new PairedResult(30, 14, 14, new RatioInterval(ratio, low, high, 100)).Reading.Should().Be(Enum.Parse<Reading>(expected));
    }

    private static PairedResult Launch(double ratio, double low, double high) => new(30, 14, 14, new RatioInterval(ratio, low, high, 100));

    [Fact]
    public async Task RunAsync_BadArguments_UsageAndExitCode2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await PairedBlocks.RunAsync(["paired", "--seconds", "1"], output, error, CancellationToken.None).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().Contain(PairedBlocks.Usage);
        output.ToString().Should().BeEmpty();
    }
}
