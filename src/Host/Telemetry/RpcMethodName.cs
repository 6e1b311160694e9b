using System.Collections.Concurrent;

namespace ProdStock.Host.Telemetry;

/// <summary>A gRPC method's path split the way OpenTelemetry's RPC conventions name it: <c>rpc.service</c> and <c>rpc.method</c>.</summary>
/// <param name="Service">The fully qualified service, e.g. <c>services.OrderService</c>.</param>
/// <param name="Method">The method, e.g. <c>NewOrder</c>.</param>
internal sealed record RpcMethodName(string Service, string Method)
{
    /// <summary>More paths than any contract has: past this, names are parsed per call rather than remembered.</summary>
    private const int MaxCached = 1024;

    private static readonly ConcurrentDictionary<string, RpcMethodName?> Cache = new(StringComparer.Ordinal);

    /// <summary>The span name the conventions give a call: <c>package.Service/Method</c>.</summary>
    public string FullName { get; } = $"{Service}/{Method}";

    /// <summary>
    /// <see cref="Parse"/>, remembered per path (the services' methods are few), so naming a call allocates nothing.
    /// </summary>
    public static RpcMethodName? Of(string path)
    {
        if (Cache.TryGetValue(path, out var name))
        {
            return name;
        }

        name = Parse(path);
        if (Cache.Count < MaxCached)
        {
            Cache.TryAdd(path, name);
        }

        return name;
    }

    /// <summary>Splits <c>/package.Service/Method</c> (the leading slash optional); <see langword="null"/> for anything else.</summary>
    public static RpcMethodName? Parse(string path)
    {
        var trimmed = path.AsSpan().TrimStart('/');
        var slash = trimmed.IndexOf('/');
        return slash <= 0 || slash == trimmed.Length - 1 || trimmed[(slash + 1)..].Contains('/')
            ? null
            : new RpcMethodName(trimmed[..slash].ToString(), trimmed[(slash + 1)..].ToString());
    }

    public override string ToString() => FullName;
}
