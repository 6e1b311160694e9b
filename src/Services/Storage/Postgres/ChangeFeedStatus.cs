namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// Whether this host's read model follows the database now: set by <see cref="PostgresChangeFeed"/>, read by the health
/// probe, so a host whose feed is still reconnecting after an outage is not reported serving with stale reads.
/// </summary>
internal sealed class ChangeFeedStatus
{
    private volatile bool _listening;

    /// <summary>Whether the feed listens and the read model was loaded since it last connected.</summary>
    public bool IsListening
    {
        get => _listening;
        set => _listening = value;
    }
}
