using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Streams;

/// <summary>
/// Counts the streaming calls open on the host, up to <see cref="LimitsOptions.MaxStreamingCalls"/>. Connections and
/// streams per connection bound what each client holds; this bounds what all of them hold together (each held stream
/// pins up to about 0.4 MB), so a few clients cannot pin gigabytes.
/// </summary>
internal sealed class StreamingCallGate(IOptions<LimitsOptions> options)
{
    private int _open;

    public int Max { get; } = options.Value.MaxStreamingCalls;

    /// <summary>How many streaming calls hold a slot now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Takes a slot for one call, released when <paramref name="slot"/> is disposed; false when none is free.</summary>
    public bool TryEnter(out Slot slot)
    {
        if (Interlocked.Increment(ref _open) > Max)
        {
            Interlocked.Decrement(ref _open);
            slot = default;
            return false;
        }

        slot = new Slot(this);
        return true;
    }

    public readonly struct Slot(StreamingCallGate gate) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref gate._open);
    }
}
