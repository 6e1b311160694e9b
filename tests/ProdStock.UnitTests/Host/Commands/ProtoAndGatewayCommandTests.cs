using ProdStock.Host.Commands;
using CodeFirst.Schema;
using ProdStock.UnitTests.Infrastructure;
using CodeFirst.Model;

namespace ProdStock.UnitTests.Host.Commands;

public sealed class ProtoAndGatewayCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task ProtoRunAsync_OutFolder_WritesWhatTheContractsEmit()
    {
        // Act
        var exitCode = await new ProtoCommand().RunAsync(["--out", _folder.Path], _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(0);
        (await File.ReadAllTextAsync(_folder.Combine(ProdStockSchema.FileName))).Should().Be(ProdStockSchema.Export());
        _output.ToString().Should().Contain("wrote ");
    }

    [Fact]
    public async Task ProtoRunAsync_UnknownArgument_ReturnsUsageExitCode()
    {
        // Act
        var exitCode = await new ProtoCommand().RunAsync(["--bogus"], _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode);
        _error.ToString().Should().Contain("--bogus");
    }

    [Theory]
    [InlineData(new string[0], "--upstream' is required")]
    [InlineData(new[] { "--upstream", "http://localhost:10086" }, "must be an https address")]
    [InlineData(new[] { "--upstream", "not a uri" }, "must be an https address")]
    public async Task GatewayRunAsync_MissingOrBadUpstream_ReturnsUsageExitCodeAndSaysWhy(string[] arguments, string message)
    {
        // Act
        var exitCode = await new GatewayCommand([], _ => Task.FromResult(0), new System.CommandLine.Option<bool>("--verbose")).RunAsync(arguments, _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode);
        _error.ToString().Should().Contain(message);
    }
}
