using ProdStock.Bench.Pipeline;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class ServerKindsTests
{
    [Theory]
    [InlineData("A", ServerKind.A)]
    [InlineData("B", ServerKind.B)]
    public void TryParse_Name_TheServer(string text, ServerKind expected)
    {
        ServerKinds.TryParse(text, out var kind).Should().BeTrue();

        kind.Should().Be(expected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("b")]
    [InlineData("C")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NumberOtherCaseOrUnknown_False(string? text)
    {
        ServerKinds.TryParse(text, out _).Should().BeFalse();
    }
}
