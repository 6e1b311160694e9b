using System.Buffers;
using System.IO.Pipelines;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// A request body that has fully arrived: every read returns what is left of it, completed. Reused from call to call
/// (<see cref="Reset"/>), so reading allocates nothing.
/// </summary>
internal sealed class InProcessRequestBody : PipeReader
{
    private ReadOnlySequence<byte> _remaining;
    private bool _completed;

    public void Reset(ReadOnlyMemory<byte> body)
    {
        _remaining = new ReadOnlySequence<byte>(body);
        _completed = false;
    }

    public override bool TryRead(out ReadResult result)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        result = new ReadResult(_remaining, isCanceled: false, isCompleted: true);
        return true;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        TryRead(out var result);
        return new ValueTask<ReadResult>(result);
    }

    public override void AdvanceTo(SequencePosition consumed) => _remaining = _remaining.Slice(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => AdvanceTo(consumed);

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null) => _completed = true;
}
