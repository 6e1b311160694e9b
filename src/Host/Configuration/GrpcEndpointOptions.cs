using System.ComponentModel.DataAnnotations;

namespace ProdStock.Host.Configuration;

/// <summary>Where the gRPC endpoint listens (configuration section <c>ProdStock:Grpc</c>).</summary>
public sealed class GrpcEndpointOptions
{
    /// <summary>Whether the gRPC endpoint is served. Default <see langword="true"/>; the remote gateway turns it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The address to listen on: <c>*</c> (every interface, the default), <c>localhost</c>, or an IP address
    /// such as <c>127.0.0.1</c>.
    /// </summary>
    [Required]
    public string Host { get; set; } = "*";

    /// <summary>The TCP port; 0 picks a free port. Default 10086, the tutorial's port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 10086;

    /// <summary>
    /// Whether gRPC server reflection (<c>grpc.reflection.v1</c> and <c>v1alpha</c>) is served on the gRPC port, so tools
    /// such as <c>grpcurl</c> can list and call the services without the <c>.proto</c>. Default <see langword="true"/>;
    /// off, a reflection call is <c>UNIMPLEMENTED</c>.
    /// </summary>
    public bool Reflection { get; set; } = true;
}
