using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>An order store that fails unexpectedly: the client gets INTERNAL with an error id and no internals; the log gets the exception.</summary>
public sealed class UnexpectedFailureTests : IAsyncLifetime
{
    private const string Secret = "connection string with password=hunter2";
    private readonly TestWorkspace _workspace = new();
    private readonly RecordingLoggerProvider _logs = new();
    private TestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, services =>
        {
            services.AddSingleton<IOrderStore, BrokenOrderStore>();
            services.AddSingleton<ILoggerProvider>(_logs);
        });

    [Fact]
    public async Task NewOrder_StoreThrows_ReturnsInternalWithErrorIdAndLogsTheException()
    {
        using var client = _workspace.CreateClient(_host.Address);

        var act = () => client.Orders.NewOrderAsync(Order).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Internal);
        error.Status.Detail.Should().MatchRegex("^internal error [0-9a-f]{12}; the server log has the details$");
        error.Status.Detail.Should().NotContain("hunter2").And.NotContain("at ProdStock");
        var errorId = error.Status.Detail.Split(' ')[2].TrimEnd(';');
        _logs.Entries.Should().Contain(entry => entry.Level == LogLevel.Error && entry.Message.Contains(errorId) && entry.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task NewOrder_AfterAFailure_HostKeepsServingOtherServices()
    {
        using var client = _workspace.CreateClient(_host.Address);
        await FluentActions.Awaiting(() => client.Orders.NewOrderAsync(Order).DefaultTimeout()).Should().ThrowAsync<RpcException>();

        var scores = await client.Users.GetUserScoreAsync(new UserScoreRequest { Users = [new UserInfo { UserId = 1 }] }).DefaultTimeout();
        var stock = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout();

        scores.Users.Should().ContainSingle();
        stock.ProdStock.Should().Be(706);
    }

    private static OrderRequest Order => new() { OrderMain = new OrderMain { OrderNo = "broken-1", UserId = 1, OrderMoney = 1 } };

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _workspace.Dispose();
    }

    private sealed class BrokenOrderStore : IOrderStore
    {
        public ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken) => throw new InvalidOperationException(Secret);
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Entries.Enqueue((logLevel, formatter(state, exception), exception));
        }
    }
}
