using Grpc.Core;

namespace CodeFirst.AspNetCore.Errors;

/// <summary>
/// Turns what a call ended with into the status the caller sees, for gRPC and the REST gateway alike:
/// an <see cref="RpcException"/> as the service threw it; a cancelled call as <c>CANCELLED</c> or
/// <c>DEADLINE_EXCEEDED</c>; anything else as <c>INTERNAL</c> with an error id and no details, the exception being logged
/// under that id (and the id kept on the status: <see cref="CallFailureExtensions.GetErrorId"/>).
/// </summary>
internal sealed partial class CallFailureTranslator(ILogger<CallFailureTranslator> logger)
{
    /// <summary>What a gRPC call that failed with <paramref name="exception"/> ends with.</summary>
    public RpcException Translate(Exception exception, ServerCallContext context)
    {
        var cancelled = context.CancellationToken.IsCancellationRequested;
        return Translate(exception, context.Method, cancelled, cancelled && DeadlineEndedTheCall(context));
    }

    public RpcException Translate(Exception exception, string method, bool cancelled, bool deadlineExceeded)
    {
        if (exception is RpcException rpc)
        {
            return rpc;
        }

        // A call whose token is cancelled ended because the client went away or its deadline passed, whatever the
        // exception says (Kestrel reports a reset stream as an IOException).
        if (cancelled)
        {
            LogCancelled(method, deadlineExceeded ? "deadline exceeded" : "cancelled by the client");
            return deadlineExceeded
                ? new RpcException(new Status(StatusCode.DeadlineExceeded, "the call's deadline was exceeded"))
                : new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }

        var errorId = Guid.NewGuid().ToString("N")[..12];
        LogFailed(exception, method, errorId);
        var error = new RpcException(new Status(StatusCode.Internal, $"internal error {errorId}; the server log has the details"));
        error.Data[CallFailureExtensions.ErrorIdKey] = errorId;
        return error;
    }

    /// <summary>
    /// Whether a cancelled call was cancelled by its deadline rather than by its client. Grpc.AspNetCore's deadline
    /// timer runs on a coarse clock and fires up to a few milliseconds before <see cref="DateTime.UtcNow"/> reaches
    /// <see cref="ServerCallContext.Deadline"/>, so the clock alone would call about a third of such calls cancelled.
    /// The client still gets <c>DEADLINE_EXCEEDED</c> (Grpc.AspNetCore writes those trailers before it cancels the
    /// token), but the call's recorded status and the log would say <c>CANCELLED</c>. The token has only two sources,
    /// the deadline and the client's reset (<see cref="HttpContext.RequestAborted"/>): a call with a deadline whose
    /// request was not aborted was ended by the deadline.
    /// </summary>
    private static bool DeadlineEndedTheCall(ServerCallContext context)
    {
        var deadline = context.Deadline;
        if (deadline == DateTime.MaxValue)
        {
            return false;
        }

        if (deadline <= DateTime.UtcNow)
        {
            return true;
        }

        return HttpContextOf(context) is { } http && !http.RequestAborted.IsCancellationRequested;
    }

    /// <summary>The call's <see cref="HttpContext"/>; <see langword="null"/> for a context not hosted by ASP.NET Core.</summary>
    private static HttpContext? HttpContextOf(ServerCallContext context)
    {
        try
        {
            return context.GetHttpContext();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {Method} failed with an unexpected exception (error id {ErrorId})")]
    private partial void LogFailed(Exception exception, string method, string errorId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call {Method} ended: {Reason}")]
    private partial void LogCancelled(string method, string reason);
}
