using Grpc.Core;
using ProdStock.Host.Logging;

namespace ProdStock.Host.Streams;

/// <summary>
/// The line written when the host ends a stream whose client kept it waiting (category
/// <c>ProdStock.Host.Streams.StreamGuardLog</c>); the call's own <see cref="CallLog"/> line follows with its status.
/// </summary>
internal sealed partial class StreamGuardLog(ILogger<StreamGuardLog> logger)
{
    public void StreamIdle(ServerCallContext call, StreamDirection direction, TimeSpan timeout)
    {
        var client = CallLog.ClientOf(call.GetHttpContext());
        if (direction == StreamDirection.Read)
        {
            LogClientSilent(call.Method, timeout.TotalSeconds, client);
        }
        else
        {
            LogClientNotReading(call.Method, timeout.TotalSeconds, client);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "ClientSilent", Level = LogLevel.Information,
        Message = "gRPC call {Method} ended DEADLINE_EXCEEDED: no message from the client for {TimeoutSeconds} s (client {Client})")]
    private partial void LogClientSilent(string method, double timeoutSeconds, string? client);

    [LoggerMessage(EventId = 2, EventName = "ClientNotReading", Level = LogLevel.Information,
        Message = "gRPC call {Method} ended DEADLINE_EXCEEDED: the client read nothing for {TimeoutSeconds} s; stream reset (client {Client})")]
    private partial void LogClientNotReading(string method, double timeoutSeconds, string? client);
}
