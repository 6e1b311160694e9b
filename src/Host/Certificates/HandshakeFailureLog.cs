using System.Globalization;

namespace ProdStock.Host.Certificates;

/// <summary>
/// Logs refused TLS handshakes without letting clients flood the log: anyone who can open a socket can fail a
/// handshake thousands of times a second (a warning per refusal wrote 8,521 lines in 10 s). The first refusal of an
/// interval is logged at once with its reason; the rest are counted by reason and summarised in one line when the
/// interval ends. Never a stack trace: the reason is the client's, not a fault of the server.
/// </summary>
internal sealed partial class HandshakeFailureLog : IDisposable
{
    /// <summary>How often a summary line may be written while refusals go on.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>Distinct reasons counted per interval; the rest are counted together, so odd clients cannot grow the table.</summary>
    private const int MaxReasons = 16;

    private const string OtherReasons = "other reasons";

    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _suppressed = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private bool _intervalOpen;

    public HandshakeFailureLog(TimeProvider clock, ILogger<HandshakeFailureLog> logger, TimeSpan interval)
    {
        _logger = logger;
        _interval = interval;
        _timer = clock.CreateTimer(_ => EndInterval(), null, interval, interval);
    }

    /// <summary>Records one refused handshake: <paramref name="reason"/> says why, <paramref name="client"/> who (a subject, or "(none)").</summary>
    public void Refused(string reason, string client)
    {
        lock (_gate)
        {
            if (!_intervalOpen)
            {
                _intervalOpen = true;
                LogRefused(client, reason, _interval);
                return;
            }

            var key = _suppressed.ContainsKey(reason) || _suppressed.Count < MaxReasons ? reason : OtherReasons;
            _suppressed[key] = _suppressed.GetValueOrDefault(key) + 1;
        }
    }

    public void Dispose() => _timer.Dispose();

    private void EndInterval()
    {
        lock (_gate)
        {
            if (_suppressed.Count == 0)
            {
                // A quiet interval: the next refusal is news again and is logged at once.
                _intervalOpen = false;
                return;
            }

            var total = _suppressed.Values.Sum();
            var reasons = string.Join("; ", _suppressed.OrderByDescending(pair => pair.Value)
                .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value:N0} × {pair.Key}")));
            _suppressed.Clear();
            LogSummary(total.ToString("N0", CultureInfo.InvariantCulture), _interval, reasons);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a TLS handshake from {Client}: {Reason} (further refusals are summarised every {Interval})")]
    private partial void LogRefused(string client, string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Count} more TLS handshakes in the last {Interval}: {Reasons}")]
    private partial void LogSummary(string count, TimeSpan interval, string reasons);
}
