using Grpc.Core;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Answers a gRPC call whose <c>grpc-timeout</c> is shorter than one .NET tick (100 ns), such as <c>1n</c> or <c>0S</c>,
/// with <c>DEADLINE_EXCEEDED</c> before it runs. Grpc.AspNetCore.Server decodes such a timeout to zero and then treats
/// the call as having no deadline at all; such a deadline has passed before the call arrives, so the call is never
/// started. Longer timeouts, however short, are Grpc.AspNetCore.Server's to enforce.
/// </summary>
internal sealed class ExpiredDeadlineMiddleware(RequestDelegate next)
{
    private const string TimeoutHeader = "grpc-timeout";
    private const int NanosecondsPerTick = 100;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.TryGetValue(TimeoutHeader, out var values)
            && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
            && IsBelowOneTick(values.ToString()))
        {
            return GrpcTrailersOnlyResponse.WriteAsync(context, StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        return next(context);
    }

    /// <summary>
    /// Whether a well-formed <c>grpc-timeout</c> (1 to 8 digits and a unit: H, M, S, m, u, n) is shorter than a tick.
    /// Malformed values are left to Grpc.AspNetCore.Server, which ignores them as gRPC's specification says.
    /// </summary>
    internal static bool IsBelowOneTick(string value)
    {
        if (value.Length is < 2 or > 9 || !long.TryParse(value.AsSpan(0, value.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        return value[^1] switch
        {
            'n' => amount < NanosecondsPerTick,
            'H' or 'M' or 'S' or 'm' or 'u' => amount == 0,
            _ => false,
        };
    }
}
