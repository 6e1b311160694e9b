using System.ComponentModel.DataAnnotations;

namespace ProdStock.Host.Configuration;

/// <summary>
/// The management listener (configuration section <c>ProdStock:Management</c>): plain HTTP, no TLS and no client
/// certificate, serving <c>/healthz</c> and <c>/readyz</c> for probes and scrapers on the machine. It is the host's only
/// plaintext listener, so it listens on the loopback interface unless configured otherwise (which is logged).
/// </summary>
public sealed class ManagementEndpointOptions
{
    /// <summary>Whether the management listener is served. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The address to listen on: <c>127.0.0.1</c> (the default: this machine only), <c>localhost</c>, <c>*</c> (every
    /// interface) or an IP address.
    /// </summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port (plain HTTP/1.1); 0 picks a free port. Default 9469, beside the REST gateway's 9468.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 9469;
}
