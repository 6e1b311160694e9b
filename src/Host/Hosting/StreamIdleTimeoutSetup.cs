using CodeFirst.AspNetCore;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Gives the toolkit's timers the idle timeout of gRPC streams (<see cref="LimitsOptions.StreamIdleTimeout"/>): the REST
/// gateway's streams and bodies, and a gRPC message left half sent, so one setting bounds how long any client may keep
/// the host waiting.
/// </summary>
internal sealed class StreamIdleTimeoutSetup(IOptions<LimitsOptions> limits) : IConfigureOptions<RestGatewayOptions>, IConfigureOptions<GrpcRequestBodyOptions>
{
    public void Configure(RestGatewayOptions options)
    {
        if (Timeout() is { } timeout)
        {
            options.StreamIdleTimeout = timeout;
        }
    }

    public void Configure(GrpcRequestBodyOptions options)
    {
        if (Timeout() is { } timeout)
        {
            options.MessageIdleTimeout = timeout;
        }
    }

    private TimeSpan? Timeout()
    {
        try
        {
            return limits.Value.StreamIdleTimeout;
        }
        catch (OptionsValidationException)
        {
            // Reported once, with its key, by the validation of LimitsOptions when the host starts.
            return null;
        }
    }
}
