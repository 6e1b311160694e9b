using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using ProdStock.Host.Certificates;
using ProdStock.Host.Commands;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Commands;

/// <summary><c>certs --client NAME</c>: one more client certificate, signed by the CA an earlier <c>certs</c> made.</summary>
public sealed class CertsClientCommandTests : IDisposable
{
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

    private async Task CreateSetAsync()
    {
        (await RunAsync("--out", _folder.Path)).Should().Be(0);
        _output.GetStringBuilder().Clear();
    }

    [Fact]
    public async Task RunAsync_ClientWithSet_WritesNamedCertificateTheHostAccepts()
    {
        await CreateSetAsync();

        var exitCode = await RunAsync("--client", "stock-writer", "--out", _folder.Path);

        exitCode.Should().Be(0, _error.ToString());
        _output.ToString().Should().Contain("wrote " + _folder.Combine("stock-writer.pem")).And.Contain("wrote " + _folder.Combine("stock-writer.key"))
            .And.Contain("ProdStock:Authorization:StockWriters");
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(_folder.Combine("ca.pem")));
        using var client = PemFiles.LoadWithKey(_folder.Combine("stock-writer.pem"), _folder.Combine("stock-writer.key"));
        client.GetNameInfo(X509NameType.SimpleName, forIssuer: false).Should().Be("stock-writer");
        client.Issuer.Should().Be(authority.Subject);
        new ClientCertificateValidator(authority, _clock, new HandshakeFailureLog(_clock, NullLogger<HandshakeFailureLog>.Instance, HandshakeFailureLog.DefaultInterval)).FindProblem(client).Should().BeNull("it chains to the CA, is valid now and carries clientAuth");
        var names = client.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        names.EnumerateDnsNames().Should().Equal("localhost");
        names.EnumerateIPAddresses().Should().BeEquivalentTo([IPAddress.Loopback, IPAddress.IPv6Loopback]);
        client.NotBefore.ToUniversalTime().Should().Be(_clock.Now.UtcDateTime.AddHours(-1));
        client.NotAfter.ToUniversalTime().Should().Be(_clock.Now.UtcDateTime.Add(DevelopmentCertificateSet.Lifetime));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_folder.Combine("stock-writer.key")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.GetFiles(_folder.Path).Should().HaveCount(7, "the set is left as it was");
        _error.ToString().Should().BeEmpty("the CA key is where certs put it");
    }

    [Fact]
    public async Task RunAsync_ClientWithoutCaKey_ReturnsOneNamingTheMissingKeyAndWritesNothing()
    {
        await CreateSetAsync();
        File.Delete(_folder.Combine("ca", "ca.key"));

        var exitCode = await RunAsync("--client", "stock-writer", "--out", _folder.Path);

        exitCode.Should().Be(1);
        _error.ToString().Should().Contain(_folder.Combine("ca", "ca.key")).And.Contain("certs --out");
        File.Exists(_folder.Combine("stock-writer.pem")).Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_ClientWithCaKeyBesideTheServerFiles_IssuesItAndWarnsToMoveTheKey()
    {
        // The layout of earlier versions: ca.key next to server.key.
        await CreateSetAsync();
        File.Move(_folder.Combine("ca", "ca.key"), _folder.Combine("ca.key"));

        var exitCode = await RunAsync("--client", "stock-writer", "--out", _folder.Path);

        exitCode.Should().Be(0, _error.ToString());
        File.Exists(_folder.Combine("stock-writer.pem")).Should().BeTrue();
        _error.ToString().Should().Contain("warning").And.Contain(_folder.Combine("ca.key")).And.Contain("move it to " + _folder.Combine("ca", "ca.key"));
    }

    [Fact]
    public async Task RunAsync_ClientWithCaKeyDir_SignsWithTheKeyFromThere()
    {
        using var offline = new TempFolder();
        (await RunAsync("--out", _folder.Path, "--ca-key-dir", offline.Path)).Should().Be(0, _error.ToString());

        var exitCode = await RunAsync("--client", "stock-writer", "--out", _folder.Path, "--ca-key-dir", offline.Path);

        exitCode.Should().Be(0, _error.ToString());
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(_folder.Combine("ca.pem")));
        using var client = PemFiles.LoadWithKey(_folder.Combine("stock-writer.pem"), _folder.Combine("stock-writer.key"));
        new ClientCertificateValidator(authority, _clock, new HandshakeFailureLog(_clock, NullLogger<HandshakeFailureLog>.Instance, HandshakeFailureLog.DefaultInterval)).FindProblem(client).Should().BeNull();
        _error.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_ClientInEmptyFolder_ReturnsOneNamingTheMissingCa()
    {
        var exitCode = await RunAsync("--client", "stock-writer", "--out", _folder.Path);

        exitCode.Should().Be(1);
        _error.ToString().Should().Contain(_folder.Combine("ca.pem")).And.Contain(_folder.Combine("ca", "ca.key"));
        Directory.EnumerateFileSystemEntries(_folder.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_ClientExistsWithoutForce_ReturnsOneAndKeepsIt()
    {
        await CreateSetAsync();
        await RunAsync("--client", "stock-writer", "--out", _folder.Path);
        var before = File.ReadAllText(_folder.Combine("stock-writer.pem"));

        var exitCode = await RunAsync("--client", "stock-writer", "--out", _folder.Path);

        exitCode.Should().Be(1);
        _error.ToString().Should().Contain("--force");
        File.ReadAllText(_folder.Combine("stock-writer.pem")).Should().Be(before);
    }

    [Fact]
    public async Task RunAsync_ClientExistsWithForce_ReplacesItAndKeepsTheSet()
    {
        await CreateSetAsync();
        await RunAsync("--client", "stock-writer", "--out", _folder.Path);
        var before = File.ReadAllText(_folder.Combine("stock-writer.pem"));
        var ca = File.ReadAllText(_folder.Combine("ca.pem"));

        var exitCode = await RunAsync("--client", "stock-writer", "--out", _folder.Path, "--force");

        exitCode.Should().Be(0);
        File.ReadAllText(_folder.Combine("stock-writer.pem")).Should().NotBe(before);
        File.ReadAllText(_folder.Combine("ca.pem")).Should().Be(ca, "--client --force replaces the named certificate only");
    }

    [Theory]
    [InlineData("client")]
    [InlineData("CA")]
    [InlineData("server")]
    [InlineData("../escape")]
    [InlineData("a b")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("")]
    public async Task RunAsync_ClientWithUnusableName_ReturnsUsageExitCodeAndWritesNothing(string name)
    {
        await CreateSetAsync();

        var exitCode = await RunAsync("--client", name, "--out", _folder.Path);

        exitCode.Should().Be(HostCommandLine.UsageExitCode);
        _error.ToString().Should().Contain("--client");
        Directory.GetFiles(_folder.Path).Should().HaveCount(5);
    }

    [Fact]
    public async Task RunAsync_ClientWithoutName_ReturnsUsageExitCode()
    {
        var exitCode = await RunAsync("--client");

        exitCode.Should().Be(HostCommandLine.UsageExitCode);
    }

    [Fact]
    public async Task RunAsync_Help_ExplainsClientAndHowToMakeItAStockWriter()
    {
        var exitCode = await RunAsync("--help");

        exitCode.Should().Be(0);
        _output.ToString().Should().Contain("--client <NAME>").And.Contain("ProdStock:Authorization:StockWriters");
    }
}
