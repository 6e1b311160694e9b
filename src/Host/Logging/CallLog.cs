using System.Diagnostics;
using Grpc.Core;

namespace ProdStock.Host.Logging;

/// <summary>
/// One log line per call (category <c>ProdStock.Host.Logging.CallLog</c>): a failed call at <see cref="LogLevel.Warning"/>
/// when the server is at fault (<c>INTERNAL</c>, <c>UNKNOWN</c>, <c>DATA_LOSS</c>, <c>UNAVAILABLE</c>), at
/// <see cref="LogLevel.Information"/> for the caller's errors (<c>INVALID_ARGUMENT</c>, <c>NOT_FOUND</c>, …,
/// <c>CANCELLED</c>); a successful call at <see cref="LogLevel.Debug"/>. A line names the method, the status, the duration,
/// the client certificate's subject and the error id of an <c>INTERNAL</c> (whose exception the toolkit logged under
/// that id). Never a message's content, nor the status message (which may quote the request).
/// </summary>
internal sealed partial class CallLog(ILogger<CallLog> logger)
{
    /// <summary>The level of the line for a call that ended with <paramref name="code"/>.</summary>
    public static LogLevel LevelOf(StatusCode code) => code switch
    {
        StatusCode.OK => LogLevel.Debug,
        StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss or StatusCode.Unavailable => LogLevel.Warning,
        _ => LogLevel.Information,
    };

    public bool IsEnabled(LogLevel level) => logger.IsEnabled(level);

    /// <summary>The milliseconds since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>), to 0.01 ms.</summary>
    public static double MillisecondsSince(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);

    /// <summary>The subject of the caller's TLS client certificate, or <see langword="null"/>.</summary>
    public static string? ClientOf(HttpContext? context) => context?.Connection.ClientCertificate?.Subject;

    /// <summary>The status code's canonical name, as the gRPC documentation and other languages' logs spell it.</summary>
    public static string NameOf(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The line of a gRPC call that failed with <paramref name="statusCode"/> (and the toolkit's error id, if any).</summary>
    public void GrpcCallFailed(LogLevel level, string method, StatusCode statusCode, double durationMs, string? client, string? errorId)
    {
        if (errorId is null)
        {
            LogGrpcCallFailed(level, method, NameOf(statusCode), durationMs, client);
        }
        else
        {
            LogGrpcCallFailedWithErrorId(level, method, NameOf(statusCode), durationMs, client, errorId);
        }
    }

    /// <summary>The line of a REST gateway call that failed with <paramref name="statusCode"/> (and the toolkit's error id, if any).</summary>
    public void RestCallFailed(
        LogLevel level, string httpMethod, string route, string method, StatusCode statusCode, int httpStatus, double durationMs, string? client, string? errorId)
    {
        if (errorId is null)
        {
            LogRestCallFailed(level, httpMethod, route, method, NameOf(statusCode), httpStatus, durationMs, client);
        }
        else
        {
            LogRestCallFailedWithErrorId(level, httpMethod, route, method, NameOf(statusCode), httpStatus, durationMs, client, errorId);
        }
    }

    [LoggerMessage(EventId = 2, EventName = "GrpcCallCompleted", Level = LogLevel.Debug,
        Message = "gRPC call {Method} completed: OK after {DurationMs} ms (client {Client})")]
    public partial void GrpcCallCompleted(string method, double durationMs, string? client);

    [LoggerMessage(EventId = 4, EventName = "RestCallCompleted", Level = LogLevel.Debug,
        Message = "REST call {HttpMethod} {Route} ({Method}) completed: HTTP {HttpStatus} after {DurationMs} ms (client {Client})")]
    public partial void RestCallCompleted(string httpMethod, string route, string method, int httpStatus, double durationMs, string? client);

    [LoggerMessage(EventId = 1, EventName = "GrpcCallFailed",
        Message = "gRPC call {Method} failed: {StatusCode} after {DurationMs} ms (client {Client})")]
    private partial void LogGrpcCallFailed(LogLevel level, string method, string statusCode, double durationMs, string? client);

    [LoggerMessage(EventId = 5, EventName = "GrpcCallFailedWithErrorId",
        Message = "gRPC call {Method} failed: {StatusCode} after {DurationMs} ms (client {Client}, error id {ErrorId})")]
    private partial void LogGrpcCallFailedWithErrorId(LogLevel level, string method, string statusCode, double durationMs, string? client, string errorId);

    [LoggerMessage(EventId = 3, EventName = "RestCallFailed",
        Message = "REST call {HttpMethod} {Route} ({Method}) failed: {StatusCode}, HTTP {HttpStatus} after {DurationMs} ms (client {Client})")]
    private partial void LogRestCallFailed(LogLevel level, string httpMethod, string route, string method, string statusCode, int httpStatus, double durationMs, string? client);

    [LoggerMessage(EventId = 6, EventName = "RestCallFailedWithErrorId",
        Message = "REST call {HttpMethod} {Route} ({Method}) failed: {StatusCode}, HTTP {HttpStatus} after {DurationMs} ms (client {Client}, error id {ErrorId})")]
    private partial void LogRestCallFailedWithErrorId(
        LogLevel level, string httpMethod, string route, string method, string statusCode, int httpStatus, double durationMs, string? client, string errorId);
}
