using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace CodeFirst.AspNetCore.Grpc.Framing;

/// <summary>
/// Reads a gRPC request body and checks each message's five-byte prefix before Grpc.AspNetCore parses it. Grpc.AspNetCore
/// refuses a length of 2 GiB or more and a compressed flag other than 0 or 1 with plain exceptions, which it ends the
/// call with as <c>UNKNOWN</c> "Exception was thrown by handler." and logs as an error with a stack trace; here they
/// end the call as <c>RESOURCE_EXHAUSTED</c> and <c>INTERNAL</c>, statuses with our words. Every other prefix, and every
/// byte after it, passes through untouched: the reader only tracks where the next prefix starts.
/// </summary>
internal sealed class GrpcFrameGuardReader(PipeReader inner) : PipeReader, IRequestBodyPipeFeature
{
    private const int PrefixLength = 5;

    /// <summary>The same words Grpc.AspNetCore uses for a message over the receive limit, so both cases read alike.</summary>
    internal const string TooLargeMessage = "Received message exceeds the maximum configured message size.";

    private ReadOnlySequence<byte> _lastBuffer;
    private long _lastBufferOffset;
    private long _nextPrefixOffset;

    /// <summary>The reader is its own feature: one object per request instead of two.</summary>
    PipeReader IRequestBodyPipeFeature.Reader => this;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        // A read that completes at once (a unary request usually arrives with its headers) allocates nothing.
        var read = inner.ReadAsync(cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            var result = read.Result;
            Inspect(result.Buffer);
            return new ValueTask<ReadResult>(result);
        }

        return ReadSlowAsync(read);
    }

    private async ValueTask<ReadResult> ReadSlowAsync(ValueTask<ReadResult> read)
    {
        var result = await read.ConfigureAwait(false);
        Inspect(result.Buffer);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        Inspect(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _lastBufferOffset += _lastBuffer.Slice(0, consumed).Length;
        _lastBuffer = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    /// <summary>Checks every prefix that <paramref name="buffer"/> (which starts where the last read was consumed) holds whole.</summary>
    private void Inspect(ReadOnlySequence<byte> buffer)
    {
        _lastBuffer = buffer;
        var end = _lastBufferOffset + buffer.Length;
        Span<byte> prefix = stackalloc byte[PrefixLength];
        while (_nextPrefixOffset + PrefixLength <= end)
        {
            buffer.Slice(_nextPrefixOffset - _lastBufferOffset, PrefixLength).CopyTo(prefix);
            if (prefix[0] > 1)
            {
                throw new RpcException(new Status(StatusCode.Internal, $"Invalid gRPC message prefix: compressed flag {prefix[0]} (expected 0 or 1)."));
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
            if (length > int.MaxValue)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, TooLargeMessage));
            }

            _nextPrefixOffset += PrefixLength + length;
        }
    }
}
