using System.ComponentModel.DataAnnotations;

namespace ProdStock.Host.Configuration;

/// <summary>Who may call the services that change data (configuration section <c>ProdStock:Authorization</c>).</summary>
public sealed class HostAuthorizationOptions : IValidatableObject
{
    /// <summary>
    /// The client certificates that may change stock (<c>services.InventoryService</c>); every other caller gets
    /// <c>PERMISSION_DENIED</c> (REST: 403). An entry names a certificate when it equals, exactly:
    /// <list type="bullet">
    /// <item>a common name (CN) of the certificate's subject, e.g. <c>stock-writer</c> (case-sensitive);</item>
    /// <item>the whole subject, e.g. <c>CN=stock-writer, O=ProdStock</c> (compared after both are parsed as X.500 names,
    /// so spacing after commas does not matter; attribute order does);</item>
    /// <item>a DNS name of its Subject Alternative Name extension (case-insensitive);</item>
    /// <item>a URI of its Subject Alternative Name extension, e.g. <c>spiffe://prodstock/stock-writer</c> (case-sensitive).</item>
    /// </list>
    /// The certificate must first be accepted by the TLS handshake (signed by the configured CA, valid, <c>clientAuth</c>).
    /// Empty outside Development, so nobody may change stock until configured; in Development, when empty, the client
    /// certificate the host generates (CN <c>prodstock-client</c>) is a writer.
    /// </summary>
    public List<string> StockWriters { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in StockWriters)
        {
            if (string.IsNullOrWhiteSpace(entry) || entry.Trim() != entry)
            {
                yield return new ValidationResult(
                    $"ProdStock:Authorization:StockWriters has an entry '{entry}' that is empty or starts or ends with white space.",
                    [nameof(StockWriters)]);
            }
            else if (string.Equals(entry, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                yield return new ValidationResult(
                    "ProdStock:Authorization:StockWriters must not list 'localhost': every certificate made by the certs command carries it as a DNS name, so it would make every client a stock writer. List the writer's CN instead.",
                    [nameof(StockWriters)]);
            }
        }
    }
}
