using Grpc.Core;
using ProdStock.ClientSdk.Internal;

namespace ProdStock.UnitTests.ClientSdk;

public sealed class ReadOnlyRetryPolicyTests
{
    [Fact]
    public void Create_Always_NamesWholeProdAndUserServicesButNeverOrdersOrStockAdjustments()
    {
        // Act
        var config = ReadOnlyRetryPolicy.Create(4);

        // Assert
        var names = config.MethodConfigs.SelectMany(m => m.Names).ToList();
        names.Select(n => n.Service).Should().BeEquivalentTo("services.ProdService", "services.UserService");
        names.Should().OnlyContain(n => string.IsNullOrEmpty(n.Method), "every method of a read-only service is retried");
        names.Select(n => n.Service).Should().NotContain("services.OrderService").And.NotContain("services.InventoryService");
    }

    [Fact]
    public void Create_Always_RetriesOnlyUnavailable()
    {
        // Act
        var config = ReadOnlyRetryPolicy.Create(4);

        // Assert
        config.MethodConfigs.Should().OnlyContain(m => m.RetryPolicy != null);
        config.MethodConfigs.SelectMany(m => m.RetryPolicy!.RetryableStatusCodes).Should().Equal(StatusCode.Unavailable);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void Create_MaxAttempts_SetsMaxAttempts(int attempts)
    {
        // Act
        var config = ReadOnlyRetryPolicy.Create(attempts);

        // Assert
        config.MethodConfigs.Should().ContainSingle().Which.RetryPolicy!.MaxAttempts.Should().Be(attempts);
    }

    [Fact]
    public void Create_Always_BacksOffExponentially()
    {
        // Act
        var policy = ReadOnlyRetryPolicy.Create(4).MethodConfigs.Single().RetryPolicy!;

        // Assert
        policy.InitialBackoff.Should().BePositive();
        policy.MaxBackoff.Should().BeGreaterThanOrEqualTo(policy.InitialBackoff!.Value);
        policy.BackoffMultiplier.Should().BeGreaterThan(1);
    }
}
