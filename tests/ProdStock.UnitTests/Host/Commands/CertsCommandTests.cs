using System.Security.Cryptography.X509Certificates;
using ProdStock.Host.Certificates;
using ProdStock.Host.Commands;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Commands;

public sealed class CertsCommandTests : IDisposable
{
    private static readonly string[] FileNames = ["ca.pem", "ca/ca.key", "server.pem", "server.key", "client.pem", "client.key"];

    private readonly TempFolder _folder = new();
    private readonly FakeClock _clock = new(new DateTimeOffset(2029, 3, 4, 5, 6, 7, TimeSpan.Zero));
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        _folder.Dispose();
    }

    private Task<int> RunAsync(params string[] arguments) =>
        new CertsCommand(_clock).RunAsync(arguments, _output, _error).DefaultTimeout();

    private Dictionary<string, string> ReadAll() => FileNames.ToDictionary(name => name, name => File.ReadAllText(_folder.Combine(name)));

    [Fact]
    public async Task RunAsync_OutFolder_WritesTheFilesAndReturnsZero()
    {
        // Act
        var exitCode = await RunAsync("--out", _folder.Path);

        // Assert
        exitCode.Should().Be(0);
        FileNames.Should().OnlyContain(name => File.Exists(_folder.Combine(name)));
        foreach (var name in FileNames)
        {
            _output.ToString().Should().Contain("wrote " + _folder.Combine(name));
        }

        _error.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_WithClock_IssuesCertificatesValidFromTheClock()
    {
        // Act
        await RunAsync("--out", _folder.Path);

        // Assert
        using var server = X509Certificate2.CreateFromPem(File.ReadAllText(_folder.Combine("server.pem")));
        server.NotBefore.ToUniversalTime().Should().Be(_clock.Now.UtcDateTime.AddHours(-1));
        server.NotAfter.ToUniversalTime().Should().Be(_clock.Now.UtcDateTime.Add(DevelopmentCertificateSet.Lifetime));
    }

    [Fact]
    public async Task RunAsync_FilesExistWithoutForce_ReturnsOneMentioningForceAndKeepsFiles()
    {
        // Arrange
        await RunAsync("--out", _folder.Path);
        var before = ReadAll();

        // Act
        var exitCode = await RunAsync("--out", _folder.Path);

        // Assert
        exitCode.Should().Be(1);
        _error.ToString().Should().Contain("--force");
        ReadAll().Should().BeEquivalentTo(before);
    }

    [Theory]
    [InlineData("--force")]
    [InlineData("-f")]
    public async Task RunAsync_FilesExistWithForce_ReturnsZeroAndReplacesFiles(string force)
    {
        // Arrange
        await RunAsync("--out", _folder.Path);
        var before = ReadAll();

        // Act
        var exitCode = await RunAsync("-o", _folder.Path, force);

        // Assert
        exitCode.Should().Be(0);
        var after = ReadAll();
        foreach (var name in FileNames)
        {
            after[name].Should().NotBe(before[name], name);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("extra")]
    [InlineData("--out")]
    public async Task RunAsync_UnknownOrIncompleteArgument_ReturnsUsageExitCodeAndWritesNothing(string argument)
    {
        // Act
        var exitCode = await new CertsCommand(_clock).RunAsync(["--force", argument], _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode).And.Be(64);
        _error.ToString().Should().Contain(argument).And.Contain("usage");
        Directory.EnumerateFileSystemEntries(_folder.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageAndReturnsZero()
    {
        // Act
        var exitCode = await RunAsync("--help");

        // Assert
        exitCode.Should().Be(0);
        _output.ToString().Should().Contain("usage").And.Contain("--out").And.Contain("--force");
    }
}
