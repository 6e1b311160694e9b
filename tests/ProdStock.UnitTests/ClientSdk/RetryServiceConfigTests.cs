using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.ClientSdk.Internal;

namespace ProdStock.UnitTests.ClientSdk;

public sealed class RetryServiceConfigTests
{
    private static ProdStockClientOptions Options(bool reads = true, bool writes = true, int attempts = 4) =>
        new() { RetryReadOnlyCalls = reads, RetryIdempotentWrites = writes, MaxRetryAttempts = attempts };

    [Fact]
    public void Create_Defaults_RetriesWholeReadServicesAndOnlyTheIdempotentWrites()
    {
        // Act
        var config = RetryServiceConfig.Create(new ProdStockClientOptions())!;

        // Assert
        var names = config.MethodConfigs.SelectMany(m => m.Names).Select(n => $"{n.Service}/{n.Method}").ToList();
        names.Should().BeEquivalentTo(
            "services.ProdService/", "services.UserService/", "services.OrderService/NewOrder", "services.InventoryService/AdjustStock");
    }

    [Fact]
    public void Create_WritesOff_NamesNoOrderOrInventoryMethod()
    {
        // Act
        var config = RetryServiceConfig.Create(Options(writes: false))!;

        // Assert
        config.MethodConfigs.SelectMany(m => m.Names).Select(n => n.Service).Should().BeEquivalentTo("services.ProdService", "services.UserService");
    }

    [Fact]
    public void Create_ReadsOff_NamesOnlyTheIdempotentWrites()
    {
        // Act
        var config = RetryServiceConfig.Create(Options(reads: false))!;

        // Assert
        config.MethodConfigs.SelectMany(m => m.Names).Select(n => n.Method).Should().BeEquivalentTo("NewOrder", "AdjustStock");
    }

    [Fact]
    public void Create_NothingRetried_ReturnsNull()
    {
        RetryServiceConfig.Create(Options(reads: false, writes: false)).Should().BeNull();
    }

    [Fact]
    public void Create_Always_RetriesOnlyUnavailable()
    {
        // Act
        var config = RetryServiceConfig.Create(Options())!;

        // Assert
        config.MethodConfigs.Should().OnlyContain(m => m.RetryPolicy != null);
        config.MethodConfigs.SelectMany(m => m.RetryPolicy!.RetryableStatusCodes).Distinct().Should().Equal(StatusCode.Unavailable);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void Create_MaxAttempts_SetsMaxAttemptsOfEveryPolicy(int attempts)
    {
        // Act
        var config = RetryServiceConfig.Create(Options(attempts: attempts))!;

        // Assert
        config.MethodConfigs.Should().HaveCount(2).And.OnlyContain(m => m.RetryPolicy!.MaxAttempts == attempts);
    }

    [Fact]
    public void Create_Always_BacksOffExponentially()
    {
        // Act
        var policy = RetryServiceConfig.Create(Options())!.MethodConfigs[0].RetryPolicy!;

        // Assert
        policy.InitialBackoff.Should().BePositive();
        policy.MaxBackoff.Should().BeGreaterThanOrEqualTo(policy.InitialBackoff!.Value);
        policy.BackoffMultiplier.Should().BeGreaterThan(1);
    }
}
