namespace ProdStock.ClientSdk.Internal;

/// <summary>
/// The decrypted stream of one connection, as SocketsHttpHandler's <c>PlaintextStreamFilter</c> gives it, watched for
/// one thing: the server closing it before sending a single byte. An HTTP/2 server always sends its SETTINGS first, so
/// a server that ends the connection right after the TLS handshake refused it: over TLS 1.3 the client finishes the
/// handshake before the server checks the client certificate, and Kestrel then closes without a TLS alert.
/// </summary>
internal sealed class SilentCloseWatchStream(Stream inner, Action onClosedSilently) : Stream
{
    private bool _received;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            Observe(0);
            throw;
        }

        Observe(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Observe(read);
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Observe(int read)
    {
        if (_received)
        {
            return;
        }

        if (read > 0)
        {
            _received = true;
            return;
        }

        _received = true; // report once per connection
        onClosedSilently();
    }
}
