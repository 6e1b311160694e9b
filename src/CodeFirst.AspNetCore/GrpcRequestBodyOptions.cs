namespace CodeFirst.AspNetCore;

/// <summary>How the toolkit reads gRPC request bodies; configure with <c>services.Configure&lt;GrpcRequestBodyOptions&gt;(…)</c>.</summary>
public sealed class GrpcRequestBodyOptions
{
    /// <summary>
    /// How long a gRPC request may stay inside a message, part of it received and no byte more arriving, before the call
    /// ends <c>DEADLINE_EXCEEDED</c> (default 30 seconds; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever).
    /// Kestrel's minimum request body data rate misses this: a large message sent fast and then stalled keeps its average
    /// rate up for hours while the server holds what arrived. Waits between messages of a client stream are not timed
    /// here; they are the application's.
    /// </summary>
    public TimeSpan MessageIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
