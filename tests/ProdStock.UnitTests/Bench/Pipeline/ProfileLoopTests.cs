using ProdStock.Bench.Pipeline;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class ProfileLoopTests
{
    [Theory]
    [InlineData("loop", "C", "unary", "1")]
    [InlineData("loop", "1", "unary", "1")]
    [InlineData("loop", "A", "bidi", "1")]
    [InlineData("loop", "A", "unary", "0")]
    [InlineData("loop", "A", "unary", "soon")]
    [InlineData("loop", "A", "unary")]
    [InlineData("loop", "A", "unary", "--calls", "0")]
    [InlineData("loop", "A", "unary", "--calls", "-5")]
    [InlineData("loop", "A", "unary", "--calls", "many")]
    [InlineData("loop", "A", "unary", "--calls", "100000001")]
    [InlineData("loop", "A", "unary", "--count", "5")]
    [InlineData("loop", "A", "unary", "1", "--calls")]
    public async Task RunAsync_BadArguments_UsageAndExitCode2(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ProfileLoop.RunAsync(args, output, error).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().StartWith(ProfileLoop.Usage);
        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_ShortLoopOnA_ReportsCallsMade()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ProfileLoop.RunAsync(["loop", "A", "unary", "0.2"], output, error).DefaultTimeout();

        exitCode.Should().Be(0, error.ToString());
        output.ToString().Should().MatchRegex(@"A unary for 0\.2 s\s+[1-9]\d* calls, [\d.]+ µs per call");
    }

    [Fact]
    public async Task RunAsync_FixedCallsOnB_MakesExactlyThatMany()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ProfileLoop.RunAsync(["loop", "B", "client-stream", "--calls", "7"], output, error).DefaultTimeout();

        exitCode.Should().Be(0, error.ToString());
        output.ToString().Should().MatchRegex(@"B client-stream, 7 calls\s+7 calls, [\d.]+ µs per call");
    }

    [Fact]
    public void Named_UnknownScenario_Null() => PipelineScenario.Named("rest").Should().BeNull();
}
