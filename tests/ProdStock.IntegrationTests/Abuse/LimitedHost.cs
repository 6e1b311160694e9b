using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProdStock.IntegrationTests.Logging;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>A host of its own with the limits a test sets, every log line recorded, and raw TLS channels to it.</summary>
internal sealed class LimitedHost : IAsyncDisposable
{
    private readonly TestWorkspace _workspace;
    private readonly TestHost _host;

    private LimitedHost(TestWorkspace workspace, TestHost host, RecordingLoggerProvider logs)
    {
        _workspace = workspace;
        _host = host;
        Logs = logs;
    }

    public RecordingLoggerProvider Logs { get; }

    public TestHost Host => _host;

    /// <summary>The certificates and store of this host.</summary>
    public TestWorkspace Workspace => _workspace;

    public static async Task<LimitedHost> StartAsync(Action<IServiceCollection>? configureServices, params string[] arguments)
    {
        var workspace = new TestWorkspace();
        var logs = new RecordingLoggerProvider();
        try
        {
            var host = await TestHost.StartAsync(workspace.Certificates, workspace.StorePath, services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                configureServices?.Invoke(services);
            }, ["--Logging:LogLevel:ProdStock=Information", .. arguments]);
            return new LimitedHost(workspace, host, logs);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    public static Task<LimitedHost> StartAsync(params string[] arguments) => StartAsync(configureServices: null, arguments);

    /// <summary>A channel with its own connection, presenting the workspace's client certificate; no retries.</summary>
    public GrpcChannel Channel() => RawChannels.Tls(_host.Address, _workspace.Certificates.Authority, _workspace.Certificates.Client);

    /// <summary>Waits, bounded, for a recorded line whose text contains <paramref name="text"/>.</summary>
    public async Task<LogEntry> WaitForLogAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (Logs.Entries.FirstOrDefault(entry => entry.Message.Contains(text, StringComparison.Ordinal)) is { } entry)
            {
                return entry;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"No log line with \"{text}\" within {within}; lines: {string.Join(Environment.NewLine, Logs.Entries.Select(e => e.Message))}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _workspace.Dispose();
    }
}
