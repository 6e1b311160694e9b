using System.ComponentModel.DataAnnotations;

namespace ProdStock.Host.Configuration;

/// <summary>
/// How much one client may hold on the host (configuration section <c>ProdStock:Limits</c>). Together with the
/// 10,000 users a request message may name, they bound the memory that open calls can pin.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ProdStock:Limits";

    /// <summary>
    /// The most connections each listener (gRPC, REST, management) holds at once; further connections are closed as
    /// they arrive (Kestrel's <c>MaxConcurrentConnections</c>). Default 1,000: gRPC clients multiplex their calls over
    /// one connection, so this leaves room for hundreds of client processes while bounding what they can pin.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 1_000;

    /// <summary>
    /// The most concurrent calls (HTTP/2 streams) per connection, announced to clients in
    /// <c>SETTINGS_MAX_CONCURRENT_STREAMS</c>: a client's further calls wait for a free stream. Default 100, the
    /// HTTP/2 recommendation and Kestrel's default.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>
    /// The most streaming calls open on the host at once, over all connections; a further one is refused
    /// <c>RESOURCE_EXHAUSTED</c>. Each held stream can pin about 0.4 MB (a 10,000-user request and a response buffer), so
    /// the default 500 bounds them at about 200 MB however many clients hold them.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxStreamingCalls { get; set; } = 500;

    /// <summary>
    /// How long a streaming call may wait for its client: a read that gets no message for this long ends the call
    /// <c>DEADLINE_EXCEEDED</c>; a write the client does not take (it reads nothing) ends it with a stream reset.
    /// Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After this long without a frame from a client, the host pings its connection (HTTP/2 <c>PING</c>) and closes it
    /// when no answer comes within 20 seconds, so the calls of a peer that vanished end. Default 60 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(60);
}
