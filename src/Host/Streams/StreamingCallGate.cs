using Grpc.Core;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Streams;

/// <summary>
/// Counts the streaming calls open on the host and refuses one past <see cref="LimitsOptions.MaxStreamingCalls"/> with
/// <c>RESOURCE_EXHAUSTED</c>. Connections and streams per connection bound what each client holds; this bounds what all
/// of them hold together (each held stream pins up to about 0.4 MB), so a few clients cannot pin gigabytes.
/// </summary>
internal sealed class StreamingCallGate(IOptions<LimitsOptions> options)
{
    private readonly int _max = options.Value.MaxStreamingCalls;
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>Takes a slot for one call, released when the returned value is disposed; throws when none is free.</summary>
    public Slot Enter()
    {
        if (Interlocked.Increment(ref _open) > _max)
        {
            Interlocked.Decrement(ref _open);
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"The server is serving its most streaming calls at once ({_max}); retry later."));
        }

        return new Slot(this);
    }

    public readonly struct Slot(StreamingCallGate gate) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref gate._open);
    }
}
