using Grpc.Core.Interceptors;

namespace ProdStock.ClientSdk.Internal;

/// <summary>An interceptor that changes nothing, for options that switch an interceptor off.</summary>
internal sealed class PassThroughInterceptor : Interceptor
{
    public static readonly PassThroughInterceptor Instance = new();
}
