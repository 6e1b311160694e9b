namespace ProdStock.Host.Telemetry;

/// <summary>
/// The attributes of OpenTelemetry's RPC semantic conventions (the long-standing ones: <c>rpc.system</c>,
/// <c>rpc.service</c>, <c>rpc.method</c>, <c>rpc.grpc.status_code</c>) that the host's spans and <c>rpc.server.duration</c> carry.
/// </summary>
internal static class RpcAttributes
{
    public const string System = "rpc.system";
    public const string Service = "rpc.service";
    public const string Method = "rpc.method";
    public const string GrpcStatusCode = "rpc.grpc.status_code";

    /// <summary>The value of <see cref="System"/>.</summary>
    public const string Grpc = "grpc";

    /// <summary>The status codes boxed once, so recording one allocates nothing.</summary>
    private static readonly object[] BoxedCodes = [.. Enumerable.Range(0, 17).Select(code => (object)code)];

    public static object Boxed(int statusCode) => (uint)statusCode < (uint)BoxedCodes.Length ? BoxedCodes[statusCode] : statusCode;
}
