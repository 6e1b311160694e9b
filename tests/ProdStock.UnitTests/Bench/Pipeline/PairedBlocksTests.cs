using ProdStock.Bench;
using ProdStock.Bench.Pipeline;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class PairedBlocksTests
{
    [Fact]
    public void TryParse_NoOptions_EveryScenarioForAMinute()
    {
        PairedBlocks.TryParse(["paired"], out var seconds, out var scenarios, out var problem).Should().BeTrue();

        seconds.Should().Be(60);
        scenarios.Should().Equal(PipelineScenario.Names);
        problem.Should().BeNull();
    }

    [Fact]
    public void TryParse_SecondsAndScenarios_Taken()
    {
        PairedBlocks.TryParse(["paired", "duplex", "--seconds", "30", "unary"], out var seconds, out var scenarios, out _).Should().BeTrue();

        seconds.Should().Be(30);
        scenarios.Should().Equal("duplex", "unary");
    }

    [Theory]
    [InlineData("--seconds")]
    [InlineData("--seconds", "4")]
    [InlineData("--seconds", "3601")]
    [InlineData("--seconds", "soon")]
    public void TryParse_BadSeconds_FailsNamingTheOption(params string[] options)
    {
        PairedBlocks.TryParse(["paired", .. options], out _, out _, out var problem).Should().BeFalse();

        problem.Should().StartWith("--seconds takes");
    }

    [Fact]
    public void TryParse_UnknownScenario_FailsNamingIt()
    {
        PairedBlocks.TryParse(["paired", "unary", "rest"], out _, out _, out var problem).Should().BeFalse();

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
    public void Order_ConsecutivePairs_AlternateWhoGoesFirst()
    {
        Enumerable.Range(0, 4).Select(PairedBlocks.Order).Should().Equal(
            (ServerKind.A, ServerKind.B), (ServerKind.B, ServerKind.A), (ServerKind.A, ServerKind.B), (ServerKind.B, ServerKind.A));
    }

    [Fact]
    public void Markdown_Result_RowWithIntervalAndReading()
    {
        var markdown = PairedBlocks.Markdown([new PairedResult("unary", 1200, 5000, 9.512, 9.601, 0.991, 0.985, 0.998, Reading.Better)]);

        markdown.Should().Contain("| unary | 1200 | 5000 | 9.512 | 9.601 | 0.991 [0.985, 0.998] | better |");
    }

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
