using ProdStock.Host.Configuration;
using ProdStock.Host.Management;

namespace ProdStock.UnitTests.Host.Management;

public sealed class ManagementOptionsValidationTests
{
    private readonly ManagementOptionsValidation _validation = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = _validation.Validate(null, new ProdStockHostOptions());

        result.Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("127.0.0.1", 10086, "ProdStock:Management:Port must differ from ProdStock:Grpc:Port.")]
    [InlineData("*", 10086, "ProdStock:Management:Port must differ from ProdStock:Grpc:Port.")]
    [InlineData("localhost", 9468, "ProdStock:Management:Port must differ from ProdStock:Rest:Port.")]
    [InlineData("not-an-address", 9469, "ProdStock:Management:Host must be '*', 'localhost' or an IP address.")]
    public void Validate_ClashOrBadHost_FailsNamingTheSetting(string host, int port, string message)
    {
        var options = new ProdStockHostOptions { Management = { Host = host, Port = port } };

        var result = _validation.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Be(message);
    }

    [Fact]
    public void Validate_SamePortAsADisabledListener_Succeeds()
    {
        var options = new ProdStockHostOptions { Rest = { Enabled = false }, Management = { Port = 9468 } };

        _validation.Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Validate_SamePortOnDistinctAddresses_Succeeds()
    {
        var options = new ProdStockHostOptions { Grpc = { Host = "10.0.0.5" }, Management = { Host = "127.0.0.1", Port = 10086 } };

        _validation.Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Validate_PortZeroEverywhere_Succeeds()
    {
        var options = new ProdStockHostOptions { Grpc = { Port = 0 }, Rest = { Port = 0 }, Management = { Port = 0 } };

        _validation.Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Validate_Disabled_SkipsEveryCheck()
    {
        var options = new ProdStockHostOptions { Management = { Enabled = false, Host = "nowhere", Port = 10086 } };

        _validation.Validate(null, options).Skipped.Should().BeTrue();
    }
}
