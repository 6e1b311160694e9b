using Microsoft.Extensions.Configuration;
using ProdStock.Host;
using ProdStock.Host.Configuration;

namespace ProdStock.UnitTests.Host.Configuration;

public sealed class SettingKeysTests
{
    [Theory]
    [InlineData("ProdStock:Grpc:Port")]
    [InlineData("ProdStock:grpc:port")]
    [InlineData("ProdStock:ShutdownTimeout")]
    [InlineData("ProdStock:Tls:CaCertificatePath")]
    [InlineData("ProdStock:Authorization:StockWriters:0")]
    [InlineData("ProdStock:Rest:Port")]
    [InlineData("ProdStock:Rest:UseProtoFieldNames")]
    [InlineData("ProdStock:Rest:AllowedOrigins:1")]
    [InlineData("ProdStock:Rest:MaxRequestBodySizeByMethod:services.OrderService/NewOrder")]
    [InlineData("ProdStock:Store:Provider")]
    [InlineData("ProdStock:Store:DemoProductCount")]
    [InlineData("ProdStock:Users:StreamBatchSize")]
    [InlineData("ProdStock:Limits:MaxStreamingCalls")]
    [InlineData("ProdStock:Telemetry:Tracing")]
    [InlineData("ProdStock:Gateway:Upstream:CaCertificatePath")]
    public void Unknown_KeyAnOptionsClassReads_ReturnsNull(string key)
    {
        SettingKeys.Unknown(key).Should().BeNull();
    }

    [Theory]
    [InlineData("ProdStock:Grpc:Prot", "ProdStock:Grpc:Port")]
    [InlineData("ProdStock:Limits:MaxStreamingCall", "ProdStock:Limits:MaxStreamingCalls")]
    [InlineData("ProdStock:Stor:Path", "ProdStock:Store")]
    [InlineData("ProdStock:Store:Pth", "ProdStock:Store:Path")]
    [InlineData("ProdStock:ShutdownTimout", "ProdStock:ShutdownTimeout")]
    [InlineData("ProdStock:Rest:MaxRequestBodySise", "ProdStock:Rest:MaxRequestBodySize")]
    public void Unknown_Typo_NamesTheKeyAndTheNearestSetting(string key, string suggestion)
    {
        SettingKeys.Unknown(key).Should().Be($"{key} is not a setting ProdStock reads; did you mean {suggestion}?");
    }

    [Theory]
    [InlineData("ProdStock:Nonsense")]
    [InlineData("ProdStock:Grpc:Port:Extra")]
    [InlineData("ProdStock:Grpc")]
    public void Unknown_KeyNothingIsNear_SaysSoWithoutASuggestion(string key)
    {
        SettingKeys.Unknown(key).Should().Be($"{key} is not a setting ProdStock reads.");
    }

    [Fact]
    public void ThrowIfUnknown_ConfigurationWithATypo_ThrowsNamingItAndWhereTheSettingsAreListed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ProdStock:Grpc:Port"] = "5001",
            ["ProdStock:Grpc:Prot"] = "5002",
            ["Logging:LogLevel:Default"] = "Debug",
        }).Build();

        var act = () => SettingKeys.ThrowIfUnknown(configuration);

        act.Should().Throw<HostStartupException>().WithMessage(
            "ProdStock:Grpc:Prot is not a setting ProdStock reads; did you mean ProdStock:Grpc:Port? The settings are listed in README.md, section \"Configuration\".");
    }

    [Fact]
    public void ThrowIfUnknown_TheShippedAppSettings_PassesEveryKey()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();

        var act = () => SettingKeys.ThrowIfUnknown(configuration);

        act.Should().NotThrow();
    }
}
