using System.ComponentModel.DataAnnotations;

namespace ProdStock.Host.Configuration;

/// <summary>
/// The server's certificates (configuration section <c>ProdStock:Tls</c>). Clients must present a certificate signed by
/// <see cref="CaCertificatePath"/> (mutual TLS). Relative paths are resolved against the working directory.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The PEM file of the CA that client certificates must chain to. Default <c>certs/ca.pem</c>.</summary>
    [Required]
    public string CaCertificatePath { get; set; } = "certs/ca.pem";

    /// <summary>The server's PEM certificate. Default <c>certs/server.pem</c>.</summary>
    [Required]
    public string CertificatePath { get; set; } = "certs/server.pem";

    /// <summary>The server's PEM private key. Default <c>certs/server.key</c>.</summary>
    [Required]
    public string KeyPath { get; set; } = "certs/server.key";

    /// <summary>
    /// In the Development environment only: when the three files are all missing, create a CA, a server and a client
    /// certificate in the folder of <see cref="CaCertificatePath"/>. Default <see langword="true"/>; ignored elsewhere.
    /// </summary>
    public bool GenerateInDevelopment { get; set; } = true;
}
