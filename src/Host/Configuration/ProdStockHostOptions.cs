using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ProdStock.Host.Configuration;

/// <summary>The host's settings (configuration section <c>ProdStock</c>).</summary>
public sealed class ProdStockHostOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ProdStock";

    /// <summary>The gRPC endpoint.</summary>
    [ValidateObjectMembers]
    public GrpcEndpointOptions Grpc { get; set; } = new();

    /// <summary>The REST/JSON gateway endpoint.</summary>
    [ValidateObjectMembers]
    public RestEndpointOptions Rest { get; set; } = new();

    /// <summary>The plain-HTTP management listener (<c>/healthz</c>, <c>/readyz</c>); the host's only, not the remote gateway's.</summary>
    [ValidateObjectMembers]
    public ManagementEndpointOptions Management { get; set; } = new();

    /// <summary>The certificates.</summary>
    [ValidateObjectMembers]
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Who may call the services that change data (stock writers).</summary>
    [ValidateObjectMembers]
    public HostAuthorizationOptions Authorization { get; set; } = new();

    /// <summary>How long a stopping host lets in-flight calls finish before it ends them. Default 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
