using System.Net;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Management;

/// <summary>
/// Checks <c>ProdStock:Management</c> against the other listeners at start: its host must be a listen address, and its
/// port must not be one of theirs (unless both are distinct IP addresses, which may share a port).
/// </summary>
internal sealed class ManagementOptionsValidation : IValidateOptions<ProdStockHostOptions>
{
    public ValidateOptionsResult Validate(string? name, ProdStockHostOptions options)
    {
        var management = options.Management;
        if (!management.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        if (!IsListenAddress(management.Host))
        {
            return ValidateOptionsResult.Fail("ProdStock:Management:Host must be '*', 'localhost' or an IP address.");
        }

        if (options.Grpc.Enabled && Clash(management.Host, management.Port, options.Grpc.Host, options.Grpc.Port))
        {
            return ValidateOptionsResult.Fail("ProdStock:Management:Port must differ from ProdStock:Grpc:Port.");
        }

        if (options.Rest.Enabled && Clash(management.Host, management.Port, options.Rest.Host, options.Rest.Port))
        {
            return ValidateOptionsResult.Fail("ProdStock:Management:Port must differ from ProdStock:Rest:Port.");
        }

        return ValidateOptionsResult.Success;
    }

    private static bool IsListenAddress(string host) => host is "*" or "localhost" || IPAddress.TryParse(host, out _);

    private static bool Clash(string host, int port, string otherHost, int otherPort) =>
        port != 0 && port == otherPort
        && !(IPAddress.TryParse(host, out var address) && IPAddress.TryParse(otherHost, out var other) && !address.Equals(other));
}
