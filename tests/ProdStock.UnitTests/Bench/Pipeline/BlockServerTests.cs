using ProdStock.Bench.Pipeline;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class BlockServerTests
{
    [Fact]
    public async Task RunAsync_TwoBlocks_ReadyThenOneTimePerBlock()
    {
        using var input = new StringReader("3\n5\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await BlockServer.RunAsync(["block-server", "A", "unary"], input, output, error).DefaultTimeout();

        exitCode.Should().Be(0, error.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[0].Should().Be("ready");
        lines.Skip(1).Should().AllSatisfy(line => long.Parse(line, System.Globalization.CultureInfo.InvariantCulture).Should().BePositive());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("many")]
    [InlineData("10000001")]
    public async Task RunAsync_BadBlock_SaysSoAndExitCode2(string line)
    {
        using var input = new StringReader(line + "\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await BlockServer.RunAsync(["block-server", "B", "unary"], input, output, error).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().Contain($"'{line}' is not a number of calls");
        output.ToString().Should().Be("ready" + Environment.NewLine);
    }

    [Theory]
    [InlineData("block-server", "C", "unary")]
    [InlineData("block-server", "0", "unary")]
    [InlineData("block-server", "A", "rest")]
    [InlineData("block-server", "A")]
    public async Task RunAsync_BadArguments_UsageAndExitCode2(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await BlockServer.RunAsync(args, new StringReader(""), output, error).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().StartWith(BlockServer.Usage);
        output.ToString().Should().BeEmpty();
    }
}
