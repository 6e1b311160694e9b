namespace ProdStock.Host.Telemetry;

/// <summary>A gRPC method's path split the way OpenTelemetry's RPC conventions name it: <c>rpc.service</c> and <c>rpc.method</c>.</summary>
/// <param name="Service">The fully qualified service, e.g. <c>services.OrderService</c>.</param>
/// <param name="Method">The method, e.g. <c>NewOrder</c>.</param>
internal sealed record RpcMethodName(string Service, string Method)
{
    /// <summary>Splits <c>/package.Service/Method</c> (the leading slash optional); <see langword="null"/> for anything else.</summary>
    public static RpcMethodName? Parse(string path)
    {
        var trimmed = path.AsSpan().TrimStart('/');
        var slash = trimmed.IndexOf('/');
        return slash <= 0 || slash == trimmed.Length - 1 || trimmed[(slash + 1)..].Contains('/')
            ? null
            : new RpcMethodName(trimmed[..slash].ToString(), trimmed[(slash + 1)..].ToString());
    }

    public override string ToString() => $"{Service}/{Method}";
}
