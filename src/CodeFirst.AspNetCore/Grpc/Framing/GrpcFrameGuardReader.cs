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
/// byte after it, passes through untouched: the reader only tracks where the next prefix starts. It also knows when a
/// message has begun and not ended, and only then times each wait for more bytes (<see cref="GrpcRequestBodyOptions.MessageIdleTimeout"/>):
/// Grpc.AspNetCore holds a message's bytes until it is whole, so a client that stalls halfway would hold them for as
/// long as its average data rate stays above Kestrel's minimum.
/// </summary>
internal sealed class GrpcFrameGuardReader(PipeReader inner, TimeSpan messageIdleTimeout) : PipeReader, IRequestBodyPipeFeature
{
    private const int PrefixLength = 5;

    /// <summary>The same words Grpc.AspNetCore uses for a message over the receive limit, so both cases read alike.</summary>
    internal const string TooLargeMessage = "Received message exceeds the maximum configured message size.";

    private ReadOnlySequence<byte> _lastBuffer;
    private long _lastBufferOffset;
    private long _nextPrefixOffset;
    private long _seenEnd;
    private CancellationTokenSource? _idle;

    /// <summary>The reader is its own feature: one object per request instead of two.</summary>
    PipeReader IRequestBodyPipeFeature.Reader => this;

    /// <summary>Whether the bytes seen so far end inside a message (its prefix or its payload) rather than between two.</summary>
    private bool InsideMessage => _seenEnd != _nextPrefixOffset;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (InsideMessage && messageIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            return ReadInsideMessageAsync(cancellationToken);
        }

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

    private async ValueTask<ReadResult> ReadInsideMessageAsync(CancellationToken cancellationToken)
    {
        _idle ??= new CancellationTokenSource();
        _idle.CancelAfter(messageIdleTimeout);
        ReadResult result;
        try
        {
            using (cancellationToken.UnsafeRegister(static idle => ((CancellationTokenSource)idle!).Cancel(), _idle))
            {
                result = await inner.ReadAsync(_idle.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"The client sent part of a message and then nothing for {messageIdleTimeout.TotalSeconds:0.###} s."));
        }
        finally
        {
            // One source per request, re-armed per wait; replaced only when its timer fired.
            if (!_idle.TryReset())
            {
                _idle.Dispose();
                _idle = null;
            }
        }

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

    public override void Complete(Exception? exception = null)
    {
        _idle?.Dispose();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        _idle?.Dispose();
        return inner.CompleteAsync(exception);
    }

    /// <summary>Checks every prefix that <paramref name="buffer"/> (which starts where the last read was consumed) holds whole.</summary>
    private void Inspect(ReadOnlySequence<byte> buffer)
    {
        _lastBuffer = buffer;
        var end = _seenEnd = _lastBufferOffset + buffer.Length;
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
