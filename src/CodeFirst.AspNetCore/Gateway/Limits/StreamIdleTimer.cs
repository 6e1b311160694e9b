namespace CodeFirst.AspNetCore.Gateway.Limits;

/// <summary>
/// The waits for the client of one streaming route (reading its next NDJSON line, or sending it the next one), each
/// cancelled after <see cref="RestGatewayOptions.StreamIdleTimeout"/>. Not linked to the request's abort: Kestrel aborts
/// an HTTP/2 stream whose flush is cancelled, and that must not hide that the timer ended it. One source re-armed per
/// wait, so a busy stream costs a timer change per line, not an allocation.
/// </summary>
internal sealed class StreamIdleTimer(TimeSpan timeout) : IDisposable
{
    private CancellationTokenSource _source = new();

    public TimeSpan Timeout => timeout;

    /// <summary>Whether the last wait ended because the client kept it waiting for <see cref="Timeout"/>.</summary>
    public bool Expired => _source.IsCancellationRequested;

    /// <summary>Starts a wait: the token is cancelled after the timeout.</summary>
    public CancellationToken Begin()
    {
        _source.CancelAfter(timeout);
        return _source.Token;
    }

    /// <summary>Ends a wait that completed; a timer that fired just as it completed must not fail the next wait.</summary>
    public void End()
    {
        if (!_source.TryReset())
        {
            _source.Dispose();
            _source = new CancellationTokenSource();
        }
    }

    public void Dispose() => _source.Dispose();
}
