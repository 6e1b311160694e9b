using System.IO.Compression;
using Grpc.Core;

namespace CodeFirst.AspNetCore.Grpc.Framing;

/// <summary>A read-only decompression stream that stops past <c>maxLength</c> bytes and turns corrupt data into a status.</summary>
internal sealed class BoundedDecompressionStream(Stream inner, string encoding, int? maxLength) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"The request message is not valid {encoding} data.", ex));
        }

        _read += read;
        if (_read > maxLength)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, GrpcFrameGuardReader.TooLargeMessage + $" ({encoding} data that decompresses past {maxLength} bytes)"));
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
