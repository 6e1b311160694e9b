using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;
using ProdStock.Services.ReadModel;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// Keeps this host's read models equal to the shared database: one connection <c>LISTEN</c>s on
/// <see cref="PostgresSchema.ChangeChannel"/> and applies the stock levels every commit announces, whichever host made
/// it. The model reloads in full when it may have missed a change: after (re)connecting — <c>LISTEN</c> first, then
/// the load, so nothing falls between them — when a level skips a row version, and when a notification asks for it.
/// While the database is unreachable, reads go on from the read model; the log says it may be stale, and the feed
/// reconnects and reloads by itself.
/// </summary>
internal sealed partial class PostgresChangeFeed(
    NpgsqlDataSource dataSource,
    ReadModelLoader loader,
    ProductReadModel readModel,
    ChangeFeedStatus status,
    TimeProvider clock,
    ILogger<PostgresChangeFeed> logger,
    IMeterFactory? meters = null) : IReadModelFeed, IAsyncDisposable
{
    /// <summary>Histogram, ms: from a change's statement in PostgreSQL (the database's clock) to this read model.</summary>
    public const string LagInstrument = "prodstock.read_model.lag";

    private readonly Histogram<double>? _lag = meters?.Create(Telemetry.StoreTelemetry.MeterName).CreateHistogram<double>(
        LagInstrument, "ms", "Time from a stock change in PostgreSQL (by the database's clock) until this host's read model applied it, whichever host made it.");

    /// <summary>How long the connection may stay silent before the feed checks it with a query.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnection attempts: short, since the host reports itself not serving meanwhile.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<string> _received = [];
    private Task? _loop;
    private int _disposed;

    /// <summary>Whether the feed listens now; when not, the read model may be behind the database.</summary>
    public bool IsListening
    {
        get => status.IsListening;
        private set => status.IsListening = value;
    }

    /// <summary>How many times the read model was loaded in full (the first load included).</summary>
    public int Reloads { get; private set; }

    /// <summary>Listens and loads the read models; the following changes are applied in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(connection, _stopping.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        // The container disposes it once as itself and once as the IReadModelFeed its factory returned.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <summary>Opens the listening connection, then loads the read models in full.</summary>
    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            connection.Notification += (_, e) => _received.Add(e.Payload);
            await using (var listen = new NpgsqlCommand($"LISTEN {PostgresSchema.ChangeChannel};", connection))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            IsListening = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task RunAsync(NpgsqlConnection? connection, CancellationToken stopping)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        Stopwatch? down = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (connection is null)
                {
                    connection = await ConnectAsync(stopping).ConfigureAwait(false);
                    LogReconnected(down!.Elapsed.TotalSeconds, readModel.Count);
                    down = null;
                    backoff = TimeSpan.FromMilliseconds(250);
                }

                await ListenAsync(connection, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                if (down is null)
                {
                    down = Stopwatch.StartNew();
                    IsListening = false;
                    LogLost(ex);
                }

                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }

                _received.Clear();
                try
                {
                    await Task.Delay(backoff, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }

        IsListening = false;
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Applies notifications as they arrive until the connection fails or the host stops.</summary>
    private async Task ListenAsync(NpgsqlConnection connection, CancellationToken stopping)
    {
        while (true)
        {
            // The notification handler runs inside WaitAsync, on this loop: _received needs no lock.
            if (!await connection.WaitAsync(Heartbeat, stopping).ConfigureAwait(false))
            {
                await using var ping = new NpgsqlCommand("SELECT 1;", connection);
                await ping.ExecuteScalarAsync(stopping).ConfigureAwait(false);
            }

            if (_received.Count == 0)
            {
                continue;
            }

            var reload = false;
            foreach (var payload in _received)
            {
                reload |= StockChangeNotification.Parse(payload, out var changedAt) is not { } levels || !readModel.Apply(levels);
                if (changedAt is { } at && _lag is not null)
                {
                    _lag.Record(Math.Max(0, (clock.GetUtcNow() - at).TotalMilliseconds));
                }
            }

            _received.Clear();
            if (reload)
            {
                LogReloading();
                await ReloadAsync(stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        Reloads++;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL change feed; reads answer from this host's read model, which may be stale, and writes fail UNAVAILABLE until the database is back")]
    private partial void LogLost(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL change feed back after {Seconds:0.0} s; read model reloaded ({ProductCount} products)")]
    private partial void LogReconnected(double seconds, int productCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "A change notification asked for a reload or skipped a stock version; reloading the read model")]
    private partial void LogReloading();
}
