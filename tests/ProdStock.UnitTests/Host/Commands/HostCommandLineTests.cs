using ProdStock.Host.Commands;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Commands;

public sealed class HostCommandLineTests : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly List<HostLaunch> _launches = [];

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    private Task<int> RunAsync(params string[] args) => HostCommandLine.RunAsync(args, _output, _error, launch =>
    {
        _launches.Add(launch);
        return Task.FromResult(0);
    }).DefaultTimeout();

    [Fact]
    public async Task RunAsync_NoArguments_ServesWithoutSettings()
    {
        // Act
        var exitCode = await RunAsync();

        // Assert
        exitCode.Should().Be(0);
        _launches.Should().ContainSingle().Which.Should().BeEquivalentTo(new HostLaunch([], Verbose: false));
        _output.ToString().Should().BeEmpty();
        _error.ToString().Should().BeEmpty();
    }

    [Theory]
    [InlineData("--ProdStock:Grpc:Port=1")]
    [InlineData("--ProdStock:Grpc:Port", "1")]
    [InlineData("ProdStock:Grpc:Port=1")]
    [InlineData("/ProdStock:Grpc:Port=1")]
    [InlineData("--environment", "Production")]
    [InlineData("--ENVIRONMENT=Production")]
    [InlineData("--urls", "https://127.0.0.1:5001")]
    [InlineData("--contentRoot", "/tmp")]
    [InlineData("--Logging:LogLevel:Default=Debug", "--ProdStock:Store:Path", "proto")]
    public async Task RunAsync_ConfigurationArguments_ServesWithThemVerbatim(params string[] args)
    {
        // Act
        var exitCode = await RunAsync(args);

        // Assert
        exitCode.Should().Be(0, _error.ToString());
        _launches.Should().ContainSingle().Which.Settings.Should().Equal(args);
    }

    [Fact]
    public async Task RunAsync_Verbose_ServesVerboseWithoutPassingItAsSetting()
    {
        // Act
        var exitCode = await RunAsync("--ProdStock:Grpc:Port=1", "--verbose");

        // Assert
        exitCode.Should().Be(0);
        _launches.Should().ContainSingle().Which.Should().BeEquivalentTo(new HostLaunch(["--ProdStock:Grpc:Port=1"], Verbose: true));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("help")]
    [InlineData("--ProdStock:Grpc:Port=1", "--help")]
    public async Task RunAsync_Help_PrintsUsageAndSettingsWithoutServing(params string[] args)
    {
        // Act
        var exitCode = await RunAsync(args);

        // Assert
        exitCode.Should().Be(0);
        _launches.Should().BeEmpty();
        _output.ToString().Should().Contain("certs").And.Contain("proto").And.Contain("gateway").And.Contain("--verbose")
            .And.Contain("--ProdStock:Grpc:Port=10086").And.Contain("--environment").And.Contain("README.md, section \"Configuration\"");
    }

    [Theory]
    [InlineData("certs", "--client")]
    [InlineData("proto", "--out")]
    [InlineData("gateway", "--upstream")]
    public async Task RunAsync_CommandHelp_PrintsItsOwnOptionsWithoutRunningIt(string command, string option)
    {
        // Act
        var exitCode = await RunAsync(command, "--help");

        // Assert
        exitCode.Should().Be(0);
        _launches.Should().BeEmpty();
        _output.ToString().Should().Contain($" {command} [options]").And.Contain(option);
        (_output.ToString().Contains("Settings:", StringComparison.Ordinal)).Should().Be(command == "gateway", "only the commands that start a host take settings");
    }

    [Theory]
    [InlineData("certz", "certs")]
    [InlineData("--hlep", "--help")]
    [InlineData("--verbos", "--verbose")]
    public async Task RunAsync_UnknownCommandOrOption_SuggestsTheNearestAndReturnsUsageExitCode(string argument, string suggestion)
    {
        // Act
        var exitCode = await RunAsync(argument);

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode).And.Be(64);
        _launches.Should().BeEmpty();
        _error.ToString().Should().Contain($"'{argument}'").And.Contain("Did you mean").And.Contain(suggestion).And.Contain("--help");
    }

    [Fact]
    public async Task RunAsync_UnknownCommandOption_SuggestsTheNearestAndReturnsUsageExitCode()
    {
        // Act
        var exitCode = await RunAsync("certs", "--frce");

        // Assert
        exitCode.Should().Be(64);
        _error.ToString().Should().Contain("'--frce'").And.Contain("--force").And.Contain("certs --help");
    }

    [Theory]
    [InlineData("--Port=5001")]
    [InlineData("--ProdStock__Grpc__Port=5001")]
    [InlineData("Port=5001")]
    public async Task RunAsync_TopLevelKeyTheHostDoesNotRead_ReturnsUsageExitCode(string argument)
    {
        // Act
        var exitCode = await RunAsync(argument);

        // Assert
        exitCode.Should().Be(64);
        _launches.Should().BeEmpty();
        _error.ToString().Should().Contain(argument);
    }

    [Fact]
    public async Task RunAsync_SettingWithoutValue_ReturnsUsageExitCode()
    {
        // Act
        var exitCode = await RunAsync("--ProdStock:Grpc:Port");

        // Assert
        exitCode.Should().Be(64);
        _launches.Should().BeEmpty();
        _error.ToString().Should().Contain("'--ProdStock:Grpc:Port' needs a value");
    }

    [Fact]
    public async Task RunAsync_SettingForCertsCommand_ReturnsUsageExitCode()
    {
        // Act
        var exitCode = await RunAsync("certs", "--ProdStock:Grpc:Port=1");

        // Assert
        exitCode.Should().Be(64);
        _error.ToString().Should().Contain("certs takes no configuration settings");
    }

    [Fact]
    public async Task RunAsync_Gateway_ServesTheGatewayWithUpstreamSettingsAndVerbose()
    {
        // Act
        var exitCode = await RunAsync("gateway", "--upstream", "https://localhost:10086", "--ProdStock:Rest:Port", "0", "--verbose");

        // Assert
        exitCode.Should().Be(0, _error.ToString());
        _launches.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new HostLaunch(["--ProdStock:Rest:Port", "0"], Verbose: true, new Uri("https://localhost:10086")));
    }

    [Fact]
    public async Task RunAsync_CertsCommand_RunsItWithTheRemainingArguments()
    {
        // Arrange
        using var folder = new TempFolder();

        // Act
        var exitCode = await RunAsync("certs", "--out", folder.Path);

        // Assert
        exitCode.Should().Be(0);
        _launches.Should().BeEmpty();
        File.Exists(folder.Combine("ca.pem")).Should().BeTrue();
        File.Exists(folder.Combine("client.key")).Should().BeTrue();
    }
}
