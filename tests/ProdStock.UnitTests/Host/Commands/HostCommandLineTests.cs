using ProdStock.Host.Commands;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Commands;

public sealed class HostCommandLineTests : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    private Task<int?> TryRunAsync(params string[] args) => HostCommandLine.TryRunAsync(args, _output, _error).DefaultTimeout();

    [Fact]
    public async Task TryRunAsync_NoArguments_ReturnsNullToServe()
    {
        // Act
        var exitCode = await TryRunAsync();

        // Assert
        exitCode.Should().BeNull();
        _output.ToString().Should().BeEmpty();
        _error.ToString().Should().BeEmpty();
    }

    [Theory]
    [InlineData("--ProdStock:Grpc:Port=1")]
    [InlineData("ProdStock:Grpc:Port=1")]
    [InlineData("--environment")]
    public async Task TryRunAsync_ConfigurationArgument_ReturnsNullToServe(string argument)
    {
        // Act
        var exitCode = await TryRunAsync(argument, "Development");

        // Assert
        exitCode.Should().BeNull();
    }

    [Fact]
    public async Task TryRunAsync_UnknownCommand_ReturnsUsageExitCode()
    {
        // Act
        var exitCode = await TryRunAsync("nonsense");

        // Assert
        exitCode.Should().Be(64);
        _error.ToString().Should().Contain("nonsense").And.Contain("usage");
    }

    [Fact]
    public async Task TryRunAsync_Help_PrintsUsageWithCommandsAndReturnsZero()
    {
        // Act
        var exitCode = await TryRunAsync("help");

        // Assert
        exitCode.Should().Be(0);
        _output.ToString().Should().Contain("usage").And.Contain("certs");
    }

    [Fact]
    public async Task TryRunAsync_CertsCommand_RunsItWithTheRemainingArguments()
    {
        // Arrange
        using var folder = new TempFolder();

        // Act
        var exitCode = await TryRunAsync("certs", "--out", folder.Path);

        // Assert
        exitCode.Should().Be(0);
        File.Exists(folder.Combine("ca.pem")).Should().BeTrue();
        File.Exists(folder.Combine("client.key")).Should().BeTrue();
    }
}
