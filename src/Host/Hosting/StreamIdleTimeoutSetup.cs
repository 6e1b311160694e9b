using CodeFirst.AspNetCore;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Gives the REST gateway's streams the idle timeout of gRPC streams (<see cref="LimitsOptions.StreamIdleTimeout"/>), so
/// a REST client that stops reading or sending is ended as a gRPC client is.
/// </summary>
internal sealed class RestStreamIdleSetup(IOptions<LimitsOptions> limits) : IConfigureOptions<RestGatewayOptions>
{
    public void Configure(RestGatewayOptions options)
    {
        try
        {
            options.StreamIdleTimeout = limits.Value.StreamIdleTimeout;
        }
        catch (OptionsValidationException)
        {
            // Reported once, with its key, by the validation of LimitsOptions when the host starts.
        }
    }
}
