using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProdStock.Host.Hosting;

namespace ProdStock.Testing;

/// <summary>
/// The real ProdStock host (the same registration as Program.cs) on 127.0.0.1, port 0, with mutual TLS from
/// <see cref="TestCertificates"/> and a SQLite file of the caller's choice.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(WebApplication app, Uri address, Uri restAddress, Uri? managementAddress)
    {
        App = app;
        Address = address;
        RestAddress = restAddress;
        ManagementAddress = managementAddress;
    }

    public WebApplication App { get; }

    /// <summary>The gRPC endpoint.</summary>
    public Uri Address { get; }

    /// <summary>The REST/JSON gateway endpoint.</summary>
    public Uri RestAddress { get; }

    /// <summary>The management listener (plain HTTP: /healthz, /readyz); <see langword="null"/> when disabled or for the remote gateway.</summary>
    public Uri? ManagementAddress { get; }

    public IServiceProvider Services => App.Services;

    public static Task<TestHost> StartAsync(TestCertificates certificates, string storePath, params string[] extraArguments) =>
        StartAsync(certificates, storePath, configureServices: null, extraArguments);

    /// <summary>Starts the host; <paramref name="configureServices"/> may add test-only services after <c>AddProdStock</c>.</summary>
    public static async Task<TestHost> StartAsync(
        TestCertificates certificates, string storePath, Action<IServiceCollection>? configureServices, params string[] extraArguments)
    {
        var app = Build(CertificateArguments(certificates), storePath, "Production", configureServices, extraArguments);
        try
        {
            await app.StartProdStockAsync().DefaultTimeout();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var listeners = app.Services.GetRequiredService<ListenerAddresses>();
        return new TestHost(app, listeners.Grpc!, listeners.Rest!, listeners.Management);
    }

    /// <summary>
    /// Starts the remote REST gateway (no gRPC, no store) on 127.0.0.1, port 0, forwarding to <paramref name="upstream"/>
    /// with the client certificate of <paramref name="certificates"/>.
    /// </summary>
    public static async Task<TestHost> StartRemoteGatewayAsync(TestCertificates certificates, Uri upstream, params string[] extraArguments)
    {
        string[] args =
        [
            "--ProdStock:Rest:Host=127.0.0.1",
            "--ProdStock:Rest:Port=0",
            .. CertificateArguments(certificates),
            $"--ProdStock:Gateway:Upstream:CaCertificatePath={certificates.CaPath}",
            $"--ProdStock:Gateway:Upstream:ClientCertificatePath={certificates.ClientCertificatePath}",
            $"--ProdStock:Gateway:Upstream:ClientKeyPath={certificates.ClientKeyPath}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArguments,
        ];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = "Production", ContentRootPath = certificates.Folder });
        builder.Services.AddProdStockRemoteGateway(upstream);
        var app = builder.Build();
        app.MapProdStock();
        try
        {
            await app.StartProdStockAsync().DefaultTimeout();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var listeners = app.Services.GetRequiredService<ListenerAddresses>();
        listeners.Grpc.Should().BeNull("the remote gateway serves no gRPC");
        listeners.Management.Should().BeNull("the remote gateway has no management listener");
        return new TestHost(app, upstream, listeners.Rest!, managementAddress: null);
    }

    /// <summary>The command-line arguments that point the host at a set of test certificates.</summary>
    public static string[] CertificateArguments(TestCertificates certificates) =>
    [
        $"--ProdStock:Tls:CaCertificatePath={certificates.CaPath}",
        $"--ProdStock:Tls:CertificatePath={certificates.ServerCertificatePath}",
        $"--ProdStock:Tls:KeyPath={certificates.ServerKeyPath}",
    ];

    /// <summary>
    /// Builds (without starting) the application exactly as Program.cs does, listening on 127.0.0.1 port 0, with the
    /// store file's folder as content root, and telemetry off unless <paramref name="extraArguments"/> turn it on.
    /// </summary>
    public static WebApplication Build(
        IEnumerable<string> tlsArguments, string storePath, string environmentName, Action<IServiceCollection>? configureServices, params string[] extraArguments)
    {
        string[] args =
        [
            "--ProdStock:Grpc:Host=127.0.0.1",
            "--ProdStock:Grpc:Port=0",
            "--ProdStock:Rest:Host=127.0.0.1",
            "--ProdStock:Rest:Port=0",
            "--ProdStock:Management:Port=0",
            .. tlsArguments,
            $"--ProdStock:Store:Path={storePath}",
            "--ProdStock:ShutdownTimeout=00:00:05",
            "--Logging:LogLevel:Default=Warning",
            // Off unless a test turns it on ("--ProdStock:Telemetry:Enabled=true"): OpenTelemetry listens process-wide, so
            // one host's tracer and meters would see every other host of the test run.
            "--ProdStock:Telemetry:Enabled=false",
            .. extraArguments,
        ];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = environmentName,
            ContentRootPath = Path.GetDirectoryName(storePath),
        });
        builder.Services.AddProdStock();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapProdStock();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().DefaultTimeout();
        await App.DisposeAsync();
    }
}
