using ProdStock.Bench.Pipeline;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class FirstServerOptionTests
{
    [Fact]
    public void TryTake_NoOption_KeepsArgumentsAndStartsWithA()
    {
        string[] args = ["--filter", "*unary*"];

        FirstServerOption.TryTake(ref args, out var first, out var problem).Should().BeTrue();

        first.Should().Be(ServerKind.A);
        problem.Should().BeNull();
        args.Should().Equal("--filter", "*unary*");
    }

    [Fact]
    public void TryTake_FirstB_RemovesTheOptionForBenchmarkDotNet()
    {
        string[] args = ["--filter", "*unary*", "--first", "B", "--launchCount", "3"];

        FirstServerOption.TryTake(ref args, out var first, out _).Should().BeTrue();

        first.Should().Be(ServerKind.B);
        args.Should().Equal("--filter", "*unary*", "--launchCount", "3");
    }

    [Theory]
    [InlineData("C")]
    [InlineData("b")]
    [InlineData("7")]
    public void TryTake_UnknownServer_FailsNamingTheOption(string value)
    {
        string[] args = ["--first", value];

        FirstServerOption.TryTake(ref args, out _, out var problem).Should().BeFalse();

        problem.Should().Be("--first takes A or B");
    }

    [Fact]
    public void TryTake_MissingValue_Fails()
    {
        string[] args = ["--launchCount", "3", "--first"];

        FirstServerOption.TryTake(ref args, out _, out var problem).Should().BeFalse();

        problem.Should().Be("--first takes A or B");
    }
}
