using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using CodeFirst.AspNetCore.Gateway.Errors;
using CodeFirst.AspNetCore.Gateway.Limits;
using CodeFirst.AspNetCore.Gateway.Routing;

namespace CodeFirst.AspNetCore.Gateway.Binding;

/// <summary>
/// Reads a client stream sent as NDJSON, one message per line, straight from the request's <see cref="PipeReader"/>:
/// each line is parsed where it lies in the pipe's buffers and released before the next is awaited, so a stream of
/// any length holds one line at a time. A line longer than the limit is 413 <c>RESOURCE_EXHAUSTED</c> (as gRPC limits
/// each message of a stream, not the stream); blank lines are skipped. A client that sends nothing for the idle
/// timeout is answered 408 <c>DEADLINE_EXCEEDED</c>, whatever it sent before.
/// </summary>
internal static class NdjsonRequestReader
{
    public static async IAsyncEnumerable<object> ReadAsync(
        GatewayRoute route, HttpRequest request, long lineLimit, TimeSpan idleTimeout, string routeName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        using var idle = new StreamIdleTimer(idleTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                // The timer's token only: an aborted request fails the read anyway, and its token firing too would hide the timeout.
                cancellationToken.ThrowIfCancellationRequested();
                result = await reader.ReadAsync(idle.Begin()).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle.Expired)
            {
                throw GatewayRequestRefusedException.ClientSilent(idleTimeout, routeName);
            }

            idle.End();
            var buffer = result.Buffer;
            object? message;
            bool last;
            try
            {
                if (TryReadLine(ref buffer, out var line))
                {
                    // One message at a time: the rest stays in the pipe (examined up to here only, so the next read returns it at once).
                    message = Read(route, request, line, lineLimit, routeName);
                    last = false;
                }
                else if (buffer.Length > lineLimit)
                {
                    throw GatewayRequestRefusedException.TooLarge("a line of the request body", lineLimit, routeName);
                }
                else if (result.IsCompleted)
                {
                    message = Read(route, request, buffer, lineLimit, routeName); // the last line may lack its newline
                    buffer = buffer.Slice(buffer.End);
                    last = true;
                }
                else
                {
                    reader.AdvanceTo(buffer.Start, buffer.End); // an incomplete line: wait for more
                    continue;
                }
            }
            catch
            {
                reader.AdvanceTo(result.Buffer.End);
                throw;
            }

            reader.AdvanceTo(buffer.Start);
            if (message is not null)
            {
                yield return message;
            }

            if (last)
            {
                yield break;
            }
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    /// <summary>The message of one line, or <see langword="null"/> for a blank line.</summary>
    private static object? Read(GatewayRoute route, HttpRequest request, in ReadOnlySequence<byte> line, long lineLimit, string routeName)
    {
        if (line.Length > lineLimit)
        {
            throw GatewayRequestRefusedException.TooLarge("a line of the request body", lineLimit, routeName);
        }

        if (IsBlank(line))
        {
            return null;
        }

        var message = GatewayRequestBinder.ReadMessage(route, line);
        GatewayRequestBinder.BindPath(route, request.RouteValues, message);
        return message;
    }

    private static bool IsBlank(in ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
