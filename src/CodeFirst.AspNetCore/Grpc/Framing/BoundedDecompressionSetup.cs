using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace CodeFirst.AspNetCore.Grpc.Framing;

/// <summary>
/// Wraps every registered compression provider (Grpc.AspNetCore's gzip and deflate unless the application set its own)
/// in a <see cref="BoundedDecompressionProvider"/> with the final receive limit. Runs after every configuration, so it sees
/// both the providers and the limit as the application left them; per-service options copy these.
/// </summary>
internal sealed class BoundedDecompressionSetup : IPostConfigureOptions<GrpcServiceOptions>
{
    public void PostConfigure(string? name, GrpcServiceOptions options)
    {
        var providers = options.CompressionProviders;
        for (var i = 0; i < providers.Count; i++)
        {
            var provider = providers[i] is BoundedDecompressionProvider bounded ? bounded.Inner : providers[i];
            providers[i] = new BoundedDecompressionProvider(provider, options.MaxReceiveMessageSize);
        }
    }
}
