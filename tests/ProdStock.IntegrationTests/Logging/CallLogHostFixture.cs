using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProdStock.Services.Storage;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Logging;

/// <summary>
/// A host whose order store always fails (INTERNAL with an error id), with the call log at <c>Debug</c> and every line
/// recorded. The tests of a class run one at a time, so each clears the record first.
/// </summary>
public sealed class CallLogHostFixture : IAsyncLifetime
{
    public const string Secret = "connection string with password=hunter2";
    public const string Category = "ProdStock.Host.Logging.CallLog";

    private readonly TestWorkspace _workspace = new();
    private TestHost? _host;

    public RecordingLoggerProvider Logs { get; } = new();

    public TestWorkspace Workspace => _workspace;

    public TestHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, services =>
        {
            services.AddSingleton<IOrderStore, BrokenOrderStore>();
            services.AddSingleton<ILoggerProvider>(Logs);
        }, $"--Logging:LogLevel:{Category}=Debug");

    /// <summary>The call log's lines recorded since the last <see cref="RecordingLoggerProvider.Clear"/>.</summary>
    public IReadOnlyList<LogEntry> CallLines => [.. Logs.Entries.Where(entry => entry.Category == Category)];

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _workspace.Dispose();
    }

    private sealed class BrokenOrderStore : IOrderStore
    {
        public ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);
    }
}

/// <summary>One recorded log line: its category, level, event, text and structured fields.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields);

/// <summary>Records every line the host's filters let through (a test ILoggerProvider).</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IEnumerable<LogEntry> Entries => _entries;

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(pair => pair.Key, pair => pair.Value)
                : new Dictionary<string, object?>();
            provider._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), fields));
        }
    }
}
