using System.Diagnostics;
using System.Globalization;
using Grpc.Core;

namespace ProdStock.Host.Telemetry;

/// <summary>
/// Gives the server span of a gRPC call, and of a REST call the gateway carried to a gRPC method, the RPC attributes
/// <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c> and <c>rpc.grpc.status_code</c>, and names the span
/// <c>package.Service/Method</c>. It reads the tags Grpc.AspNetCore (and the REST gateway) put on the request's
/// activity, <c>grpc.method</c> and <c>grpc.status_code</c>. OpenTelemetry's ASP.NET Core instrumentation sets none of
/// these by default; with its experimental gRPC support switched on
/// (<c>OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_ENABLE_GRPC_INSTRUMENTATION=true</c>) it replaces those two tags with the
/// newer <c>rpc.system.name</c>, <c>rpc.method</c> (<c>package.Service/Method</c>) and <c>rpc.response.status_code</c>
/// (a name), which are read instead.
/// </summary>
internal static class RpcSpanEnricher
{
    private const string GrpcMethodTag = "grpc.method";
    private const string GrpcStatusCodeTag = "grpc.status_code";
    private const string ResponseStatusCodeTag = "rpc.response.status_code";

    /// <summary>For <c>AspNetCoreTraceInstrumentationOptions.EnrichWithHttpResponse</c>: runs as the request's span ends.</summary>
    public static void Enrich(Activity activity, HttpResponse response)
    {
        string? path = activity.GetTagItem(GrpcMethodTag) as string;
        int? status = activity.GetTagItem(GrpcStatusCodeTag) is string code && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        if (path is null && activity.GetTagItem(RpcAttributes.Method) is string qualified && qualified.Contains('/', StringComparison.Ordinal))
        {
            path = qualified;
            status ??= activity.GetTagItem(ResponseStatusCodeTag) is string name
                && Enum.TryParse<StatusCode>(name.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var named)
                ? (int)named
                : null;
        }

        if (path is null || RpcMethodName.Of(path) is not { } method)
        {
            return;
        }

        activity.DisplayName = method.FullName;
        activity.SetTag(RpcAttributes.System, RpcAttributes.Grpc);
        activity.SetTag(RpcAttributes.Service, method.Service);
        activity.SetTag(RpcAttributes.Method, method.Method);
        if (status is { } value)
        {
            activity.SetTag(RpcAttributes.GrpcStatusCode, RpcAttributes.Boxed(value));
            if (activity.Status == ActivityStatusCode.Unset && IsServerError((StatusCode)value))
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    /// <summary>The codes that mark a server span failed under OpenTelemetry's gRPC conventions; the others are the caller's doing.</summary>
    private static bool IsServerError(StatusCode status) =>
        status is StatusCode.Unknown or StatusCode.DeadlineExceeded or StatusCode.Unimplemented or StatusCode.Internal
            or StatusCode.Unavailable or StatusCode.DataLoss;
}
