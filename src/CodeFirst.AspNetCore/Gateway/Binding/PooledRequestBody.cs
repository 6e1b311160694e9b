using System.Buffers;
using System.IO.Pipelines;
using CodeFirst.AspNetCore.Gateway.Errors;
using CodeFirst.AspNetCore.Gateway.Limits;

namespace CodeFirst.AspNetCore.Gateway.Binding;

/// <summary>
/// A whole request body in one array rented from the shared pool, read from the request's <see cref="PipeReader"/>
/// and held to a limit as it arrives: the only copy the gateway makes before the JSON reader parses it in place
/// (Kestrel's HTTP/2 flow control only opens its window as the body is consumed, so the bytes cannot stay in the pipe).
/// </summary>
internal sealed class PooledRequestBody : IDisposable
{
    private byte[] _buffer;
    private int _length;

    private PooledRequestBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>
    /// Reads the whole body; more than <paramref name="limit"/> bytes is 413 <c>RESOURCE_EXHAUSTED</c> naming
    /// <paramref name="route"/>, and no bytes for <paramref name="idleTimeout"/> is 408 <c>DEADLINE_EXCEEDED</c>: Kestrel's
    /// minimum data rate is an average, so a body sent fast and then stalled would be held for an hour.
    /// </summary>
    public static async Task<PooledRequestBody> ReadAsync(HttpRequest request, long limit, string route, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using var idle = new StreamIdleTimer(idleTimeout);
        var body = new PooledRequestBody(request.ContentLength is { } length && length <= limit ? (int)Math.Min(length, 1 << 26) : 4096);
        try
        {
            var reader = request.BodyReader;
            while (true)
            {
                ReadResult result;
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    result = await reader.ReadAsync(idle.Begin()).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (idle.Expired)
                {
                    throw GatewayRequestRefusedException.ClientSilent(idleTimeout, route);
                }

                idle.End();
                var buffer = result.Buffer;
                if (body._length + buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.End);
                    throw GatewayRequestRefusedException.TooLarge("the request body", limit, route);
                }

                body.Append(buffer);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return body;
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Append(in ReadOnlySequence<byte> data)
    {
        var needed = _length + (int)data.Length;
        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
    }
}
