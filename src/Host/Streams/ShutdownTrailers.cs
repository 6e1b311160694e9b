using System.IO.Pipelines;

namespace ProdStock.Host.Streams;

/// <summary>
/// When the host stops, sends at once the trailers of a call whose client may still be sending (client streaming,
/// duplex) and holds the stream until the client lets go of it, for at most <see cref="Hold"/>; meanwhile
/// <see cref="ClientStreamingCallsDrain"/> keeps Kestrel from closing the connection. The .NET HTTP/2 client fails a
/// stream whose request side is still open when its connection closes, trailers received or not: without the hold, a
/// live duplex of a .NET client (the SDK's included) ended <c>INTERNAL</c> instead of the <c>UNAVAILABLE</c> it was sent
/// whenever the connection closed before the client's reader woke (seen in CI), and always when it read a moment later.
/// Having read the trailers, grpc-dotnet resets the stream, which ends the hold. Called by
/// <see cref="StreamingCallGateMiddleware"/> for the calls it lets in, so a unary call pays for no second lookup of its method.
/// </summary>
internal sealed class ShutdownTrailers(IHostApplicationLifetime lifetime, ClientStreamingCalls calls)
{
    /// <summary>
    /// How long a stopping host waits for a client to take the trailers it was sent. A live client takes them in
    /// milliseconds; one whose reader is busy elsewhere gets a few seconds, well inside <c>ProdStock:ShutdownTimeout</c>.
    /// </summary>
    internal static readonly TimeSpan Hold = TimeSpan.FromSeconds(5);

    /// <summary>Runs a client-streaming or duplex call, then, if the host is stopping, sends its trailers and holds it.</summary>
    public async Task RunAsync(HttpContext context, RequestDelegate next)
    {
        using var call = calls.Enter();
        await next(context).ConfigureAwait(false);
        if (!lifetime.ApplicationStopping.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await context.Response.CompleteAsync().ConfigureAwait(false);
        await UntilRequestEndsAsync(context.Request.BodyReader, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads what is left of the request until the client ends or resets it, or the hold is over.</summary>
    private static async Task UntilRequestEndsAsync(PipeReader body, CancellationToken aborted)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        hold.CancelAfter(Hold);
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(hold.Token).ConfigureAwait(false);
                body.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Reset by the client (what grpc-dotnet does once it has the trailers), the hold is over, or the body was
            // already completed: the stream may end.
        }
    }
}
