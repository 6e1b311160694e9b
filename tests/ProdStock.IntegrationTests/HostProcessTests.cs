using System.Text.RegularExpressions;
using ProdStock.Contracts;
using ProdStock.Host.Hosting;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>The host executable run as a process: exit codes, SIGTERM, the certs command (Unix: signals and file modes).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostProcessTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task Host_CertificatesMissingInProduction_ExitsWithStartupFailedCodeAndSaysWhy()
    {
        var missing = Path.Combine(_workspace.Folder, "missing");
        using var host = HostProcess.Start(_workspace.Folder, "Production",
            "--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Management:Port=0",
            $"--ProdStock:Tls:CaCertificatePath={missing}/ca.pem",
            $"--ProdStock:Tls:CertificatePath={missing}/server.pem",
            $"--ProdStock:Tls:KeyPath={missing}/server.key");

        var exitCode = await host.WaitForExitAsync(ProcessTimeout);

        exitCode.Should().Be(ProdStockApplicationExtensions.StartupFailedExitCode);
        host.Output.Should().Contain("TLS certificate file(s) not found").And.Contain($"{missing}/ca.pem").And.Contain("certs --out");
    }

    [Fact]
    public async Task Host_Sigterm_StopsGracefullyWithExitCodeZero()
    {
        using var host = HostProcess.Start(_workspace.Folder, "Production",
            ["--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Management:Port=0", $"--ProdStock:Store:Path={_workspace.StorePath}",
             .. TestHost.CertificateArguments(_workspace.Certificates)]);
        var address = await host.ListeningAsync(ProcessTimeout);
        using (var client = _workspace.CreateClient(address))
        {
            (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 7 }).DefaultTimeout()).ProdStock
                .Should().Be(DemoDataSet.Product(7)!.StockIn(ProdAreas.A));
        }

        host.Terminate();
        var exitCode = await host.WaitForExitAsync(ProcessTimeout);

        exitCode.Should().Be(0);
        host.Output.Should().Contain("Application is shutting down");
    }

    [Fact]
    public async Task Host_Started_SaysWhichPortServesWhatAndWhereTheDocsAre()
    {
        using var host = HostProcess.Start(_workspace.Folder, "Production",
            ["--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Rest:Host=127.0.0.1", "--ProdStock:Rest:Port=0",
             "--ProdStock:Management:Port=0", $"--ProdStock:Store:Path={_workspace.StorePath}", .. TestHost.CertificateArguments(_workspace.Certificates)]);
        var address = await host.ListeningAsync(ProcessTimeout);

        var deadline = DateTime.UtcNow + ProcessTimeout;
        while (!host.Output.Contains("ProdStock serves", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        host.Output.Should().MatchRegex($@"ProdStock serves gRPC on {Regex.Escape(address.ToString())}; REST on https://localhost:\d+/ \(OpenAPI https://localhost:\d+/openapi/v1\.json, docs https://localhost:\d+/docs\); probes and metrics on http://localhost:\d+/ \(/healthz, /readyz, /metrics\)")
            .And.MatchRegex(@"TLS: server certificate .* valid until \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\)", "dates are logged in ISO 8601");
    }

    [Fact]
    public async Task Certs_RunTwice_WritesFilesThenRefusesToOverwriteWithoutForce()
    {
        var folder = Path.Combine(_workspace.Folder, "made-by-command");

        using (var first = HostProcess.Start(_workspace.Folder, "Production", "certs", "--out", folder))
        {
            (await first.WaitForExitAsync(ProcessTimeout)).Should().Be(0, first.Output);
        }

        var caBefore = await File.ReadAllTextAsync(Path.Combine(folder, "ca.pem"));
        using var second = HostProcess.Start(_workspace.Folder, "Production", "certs", "--out", folder);
        var exitCode = await second.WaitForExitAsync(ProcessTimeout);

        exitCode.Should().Be(1);
        second.Output.Should().Contain("--force");
        (await File.ReadAllTextAsync(Path.Combine(folder, "ca.pem"))).Should().Be(caBefore);
        File.GetUnixFileMode(Path.Combine(folder, "client.key")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => _workspace.Dispose();
}
