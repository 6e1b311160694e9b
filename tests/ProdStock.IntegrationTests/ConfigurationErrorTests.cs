using System.Net;
using System.Net.Sockets;
using ProdStock.Host.Commands;
using ProdStock.Host.Hosting;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>
/// The host executable as a process, given a configuration it cannot use: exit code 2 and one line naming the setting,
/// its value and what is expected, without a stack trace; and its command line's help and usage errors.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigurationErrorTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Starts the host on loopback with free ports, the workspace's certificates and store, then <paramref name="arguments"/> (the last value wins).</summary>
    private HostProcess Start(params string[] arguments) => HostProcess.Start(_workspace.Folder, "Production",
        ["--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Rest:Host=127.0.0.1", "--ProdStock:Rest:Port=0",
         "--ProdStock:Management:Port=0", $"--ProdStock:Store:Path={_workspace.StorePath}", .. TestHost.CertificateArguments(_workspace.Certificates), .. arguments]);

    private static async Task<string> ExitsWithStartupFailedAsync(HostProcess host)
    {
        var exitCode = await host.WaitForExitAsync(ProcessTimeout);
        exitCode.Should().Be(ProdStockApplicationExtensions.StartupFailedExitCode, host.Output);
        host.Output.Should().Contain("ProdStock cannot start: ").And.NotContain("Unhandled exception");
        return host.Output;
    }

    [Theory]
    [InlineData("--ProdStock:Grpc:Port=abc", "ProdStock:Grpc:Port is 'abc', which is not a whole number")]
    [InlineData("--ProdStock:ShutdownTimeout=soon", "ProdStock:ShutdownTimeout is 'soon', which is not a duration such as 00:00:15")]
    [InlineData("--ProdStock:Rest:ClientCertificates=Maybe", "ProdStock:Rest:ClientCertificates is 'Maybe', which is not one of Require, Allow, Ignore")]
    [InlineData("--ProdStock:Grpc:Port=70000", "ProdStock:Grpc:Port is '70000': The field Port must be between 0 and 65535")]
    [InlineData("--ProdStock:Users:StreamBatchSize=-1", "ProdStock:Users:StreamBatchSize is '-1': The field StreamBatchSize must be between 1 and 10000")]
    [InlineData("--ProdStock:Store:Provider=Oracle", "ProdStock:Store:Provider is 'Oracle': must be 'Sqlite', 'Postgres' or 'Memory'")]
    [InlineData("--ProdStock:Store:Path=/tmp", "ProdStock:Store:Path is '/tmp', which cannot hold the SQLite database (it is a folder)")]
    [InlineData("--ProdStock:Store:Path=/proc/x/prodstock.db", "ProdStock:Store:Path is '/proc/x/prodstock.db', which cannot hold the SQLite database")]
    [InlineData("--ProdStock:Store:Path=/etc/hostname/prodstock.db", "ProdStock:Store:Path is '/etc/hostname/prodstock.db', which cannot hold the SQLite database")]
    [InlineData("--ProdStock:Grpc:Prot=5001", "ProdStock:Grpc:Prot is not a setting ProdStock reads; did you mean ProdStock:Grpc:Port?")]
    public async Task Host_UnusableSetting_ExitsWithStartupFailedCodeNamingItWithoutStackTrace(string argument, string message)
    {
        // Act
        using var host = Start(argument);
        var output = await ExitsWithStartupFailedAsync(host);

        // Assert
        output.Should().Contain(message).And.NotContain("   at ");
    }

    [Fact]
    public async Task Host_Verbose_ReportsTheStackTraceToo()
    {
        // Act
        using var host = Start("--ProdStock:Grpc:Port=abc", "--verbose");
        var output = await ExitsWithStartupFailedAsync(host);

        // Assert
        output.Should().Contain("ProdStock:Grpc:Port is 'abc'").And.Contain("   at ");
    }

    [Fact]
    public async Task Host_CertificateFileIsNotACertificate_ExitsWithStartupFailedCodeNamingTheFile()
    {
        // Arrange
        var notACertificate = Path.Combine(_workspace.Folder, "not-a-certificate.pem");
        await File.WriteAllTextAsync(notACertificate, "hello");

        // Act
        using var host = Start($"--ProdStock:Tls:CertificatePath={notACertificate}");
        var output = await ExitsWithStartupFailedAsync(host);

        // Assert
        output.Should().Contain(notACertificate).And.NotContain("   at ");
    }

    [Fact]
    public async Task Host_GrpcPortInUse_ExitsWithStartupFailedCodeNamingTheSetting()
    {
        // Arrange
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        // Act
        using var host = Start($"--ProdStock:Grpc:Port={port}");
        var output = await ExitsWithStartupFailedAsync(host);

        // Assert
        output.Should().Contain($"ProdStock:Grpc:Port is {port}, which another process already listens on").And.NotContain("   at ");
    }

    [Fact]
    public async Task Host_MalformedSettingsFile_ExitsWithStartupFailedCodeNamingTheFileAndLine()
    {
        // Arrange: an environment of its own, so its appsettings.{Environment}.json touches no other test.
        var environment = "Malformed" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json");
        await File.WriteAllTextAsync(file, "{\n  \"ProdStock\": { \"Grpc\": { \"Port\": 1 }\n");
        try
        {
            // Act
            using var host = HostProcess.Start(_workspace.Folder, environment);
            var output = await ExitsWithStartupFailedAsync(host);

            // Assert
            output.Should().Contain($"{file} is not valid JSON").And.Contain("LineNumber").And.NotContain("   at ");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Host_Help_PrintsUsageAndExitsZeroWithoutServing()
    {
        // Act
        using var host = HostProcess.Start(_workspace.Folder, "Production", "--help");
        var exitCode = await host.WaitForExitAsync(ProcessTimeout);

        // Assert
        exitCode.Should().Be(0, host.Output);
        host.Output.Should().Contain("certs").And.Contain("README.md, section \"Configuration\"").And.NotContain("Now listening");
    }

    [Fact]
    public async Task Host_UnknownCommand_ExitsWithUsageCodeAndSuggestion()
    {
        // Act
        using var host = HostProcess.Start(_workspace.Folder, "Production", "cert");
        var exitCode = await host.WaitForExitAsync(ProcessTimeout);

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode, host.Output);
        host.Output.Should().Contain("Did you mean").And.Contain("certs").And.NotContain("Now listening");
    }
}
