using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ProdStock.Host.Certificates;

namespace ProdStock.UnitTests.Host.Certificates;

public sealed class HandshakeFailureLogTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 6, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _logger = new();
    private readonly HandshakeFailureLog _log;

    public HandshakeFailureLogTests()
    {
        _log = new HandshakeFailureLog(_clock, _logger, Interval);
    }

    public void Dispose() => _log.Dispose();

    [Fact]
    public void Refused_FloodWithinOneInterval_LogsTheFirstAtOnceAndOneSummaryWithCountsByReason()
    {
        _log.Refused("no client certificate was presented", "(none)");
        for (var i = 0; i < 8_519; i++)
        {
            _log.Refused("no client certificate was presented", "(none)");
        }

        _log.Refused("the certificate does not carry the clientAuth extended key usage", "CN=x");
        _logger.Lines.Should().ContainSingle().Which.Should().Be(
            "Warning: Refused a TLS handshake from (none): no client certificate was presented (further refusals are summarised every 00:01:00)");

        _clock.Advance(Interval);

        _logger.Lines.Should().HaveCount(2);
        _logger.Lines[1].Should().Be(
            "Warning: Refused 8,520 more TLS handshakes in the last 00:01:00: 8,519 × no client certificate was presented; 1 × the certificate does not carry the clientAuth extended key usage");
    }

    [Fact]
    public void Refused_FloodOverSeveralIntervals_LogsOneLinePerInterval()
    {
        for (var minute = 0; minute < 5; minute++)
        {
            for (var i = 0; i < 1_000; i++)
            {
                _log.Refused("no client certificate was presented", "(none)");
            }

            _clock.Advance(Interval);
        }

        _logger.Lines.Should().HaveCount(6, "one line at the first refusal and one summary per minute");
    }

    [Fact]
    public void Refused_AfterAQuietInterval_IsLoggedAtOnceAgain()
    {
        _log.Refused("no client certificate was presented", "(none)");
        _clock.Advance(Interval);
        _clock.Advance(Interval);

        _log.Refused("the certificate does not chain to the configured CA", "CN=y");

        _logger.Lines.Should().HaveCount(2);
        _logger.Lines[1].Should().StartWith("Warning: Refused a TLS handshake from CN=y: the certificate does not chain to the configured CA");
    }

    [Fact]
    public void Refused_ManyDistinctReasons_CountsThePastTheLimitTogether()
    {
        _log.Refused("first", "(none)");
        for (var i = 0; i < 100; i++)
        {
            _log.Refused($"reason {i}", "(none)");
        }

        _clock.Advance(Interval);

        _logger.Lines[1].Should().Contain("Refused 100 more").And.Contain("84 × other reasons");
    }

    private sealed class RecordingLogger : ILogger<HandshakeFailureLog>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            exception.Should().BeNull("a refused handshake is the client's doing: no stack trace");
            Lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
