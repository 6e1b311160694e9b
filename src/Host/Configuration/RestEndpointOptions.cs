using System.ComponentModel.DataAnnotations;

namespace ProdStock.Host.Configuration;

/// <summary>The REST/JSON gateway's endpoint (configuration section <c>ProdStock:Rest</c>).</summary>
public sealed class RestEndpointOptions
{
    /// <summary>Whether the gateway is served. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The address to listen on: <c>*</c> (the default), <c>localhost</c>, or an IP address.</summary>
    [Required]
    public string Host { get; set; } = "*";

    /// <summary>The TCP port (HTTPS, HTTP/1.1 and HTTP/2); 0 picks a free port. Default 9468, the tutorial's gateway port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 9468;

    /// <summary>
    /// Whether REST clients must present a certificate signed by the configured CA. <see cref="ClientCertificateMode.Require"/>
    /// by default; <c>Allow</c> accepts clients without one (a presented certificate is still checked) and <c>Ignore</c>
    /// never asks. Loosening is logged at start.
    /// </summary>
    public ClientCertificateMode ClientCertificates { get; set; } = ClientCertificateMode.Require;

    // The gateway's own settings are read from this section into RestGatewayOptions: JSON (UseProtoFieldNames,
    // EmitDefaultValues) and what it accepts (MaxRequestBodySize, MaxRequestBodySizeByMethod, AllowedOrigins).
}
