using CodeFirst.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodeFirst.Tests;

/// <summary>The gateway's options as validated when the application starts.</summary>
public sealed class RestGatewayOptionsTests
{
    [Fact]
    public void StreamIdleTimeout_ByDefault_IsThirtySeconds() =>
        Options(_ => { }).StreamIdleTimeout.Should().Be(TimeSpan.FromSeconds(30));

    [Fact]
    public void StreamIdleTimeout_Infinite_IsAccepted() =>
        Options(o => o.StreamIdleTimeout = Timeout.InfiniteTimeSpan).StreamIdleTimeout.Should().Be(Timeout.InfiniteTimeSpan);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void StreamIdleTimeout_ZeroOrNegative_FailsNamingIt(int seconds)
    {
        var act = () => Options(o => o.StreamIdleTimeout = TimeSpan.FromSeconds(seconds));

        act.Should().Throw<OptionsValidationException>().WithMessage("*StreamIdleTimeout must be positive, or infinite*");
    }

    private static RestGatewayOptions Options(Action<RestGatewayOptions> configure)
    {
        using var provider = new ServiceCollection().AddRestGateway(configure).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RestGatewayOptions>>().Value;
    }
}
