using Grpc.Core;

namespace CodeFirst.AspNetCore;

/// <summary>What the toolkit records on the statuses it makes from failed calls.</summary>
public static class CallFailureExtensions
{
    /// <summary>The key of the error id in <see cref="Exception.Data"/>.</summary>
    internal const string ErrorIdKey = "CodeFirst.ErrorId";

    /// <summary>
    /// The error id of an <c>INTERNAL</c> status that the toolkit made from an unexpected exception (the id its message
    /// names, under which the exception is logged), for a log line or a metric of the failed call;
    /// <see langword="null"/> for any other exception.
    /// </summary>
    /// <param name="exception">The status a call ended with, as the toolkit's interceptor or the REST gateway threw it.</param>
    /// <returns>The error id (12 hexadecimal digits), or <see langword="null"/>.</returns>
    public static string? GetErrorId(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Data[ErrorIdKey] as string;
    }
}
