using System.Security.Cryptography.X509Certificates;

namespace ProdStock.ClientSdk;

/// <summary>
/// How a <see cref="ProdStockClient"/> reaches the server: address, the CA that signed the server's certificate, the
/// client certificate for mutual TLS, the default deadline and retries. Bindable from configuration
/// (for example the section <c>ProdStockClient</c>: <c>Address</c>, <c>CaCertificatePath</c>, <c>ClientCertificatePath</c>,
/// <c>ClientKeyPath</c>, <c>DefaultDeadline</c>).
/// </summary>
public sealed class ProdStockClientOptions
{
    /// <summary>The address used when none is set: <c>https://localhost:10086</c>.</summary>
    public static readonly Uri DefaultAddress = new("https://localhost:10086");

    /// <summary>The server's address; must be <c>https</c>. Default <see cref="DefaultAddress"/>.</summary>
    public Uri Address { get; set; } = DefaultAddress;

    /// <summary>
    /// The PEM file of the CA the server's certificate must chain to. Only this CA is trusted, never the machine's store.
    /// Set this or <see cref="CaCertificate"/>.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>The CA the server's certificate must chain to, when not loaded from <see cref="CaCertificatePath"/>.</summary>
    public X509Certificate2? CaCertificate { get; set; }

    /// <summary>The PEM file of the client certificate. Set this with <see cref="ClientKeyPath"/>, or <see cref="ClientCertificate"/>.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The PEM file of the client certificate's private key.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>The client certificate with its private key, when not loaded from PEM files.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>
    /// The deadline given to every call that sets none itself. Default 30 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> leaves calls without a deadline.
    /// </summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether calls of the read-only services (<c>ProdService</c>, <c>UserService</c>) are retried when the server
    /// answers <c>UNAVAILABLE</c>. Default <see langword="true"/>.
    /// </summary>
    public bool RetryReadOnlyCalls { get; set; } = true;

    /// <summary>
    /// Whether <c>NewOrder</c> and <c>AdjustStock</c> are retried when the server answers <c>UNAVAILABLE</c> (its store
    /// unreachable, or the server restarting). Safe: both are idempotent by their keys (<c>order_no</c>,
    /// <c>adjustment_id</c>), so a write is stored once however often it is sent, and a retry of a stored one gets the
    /// stored answer. Default <see langword="true"/>.
    /// </summary>
    public bool RetryIdempotentWrites { get; set; } = true;

    /// <summary>
    /// Whether request messages are validated against the contracts' rules before they are sent. An invalid request fails
    /// at once with the <c>INVALID_ARGUMENT</c> exception the server would send (read its violations with
    /// <c>RpcException.GetFieldViolations()</c>). Default <see langword="true"/>.
    /// </summary>
    public bool ValidateRequests { get; set; } = true;

    /// <summary>How many attempts a retried call makes at most, the first included (2 to 5). Default 4.</summary>
    public int MaxRetryAttempts { get; set; } = 4;
}
