using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using ProdStock.Host.Hosting;

namespace ProdStock.Testing;

/// <summary>
/// The real ProdStock host (the same registration as Program.cs) on 127.0.0.1, port 0, with mutual TLS from
/// <see cref="TestCertificates"/> and a SQLite file of the caller's choice.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

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

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestHost(app, new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
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
    /// store file's folder as content root.
    /// </summary>
    public static WebApplication Build(
        IEnumerable<string> tlsArguments, string storePath, string environmentName, Action<IServiceCollection>? configureServices, params string[] extraArguments)
    {
        string[] args =
        [
            "--ProdStock:Grpc:Host=127.0.0.1",
            "--ProdStock:Grpc:Port=0",
            .. tlsArguments,
            $"--ProdStock:Store:Path={storePath}",
            "--ProdStock:ShutdownTimeout=00:00:05",
            "--Logging:LogLevel:Default=Warning",
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
