namespace CodeFirst.AspNetCore;

/// <summary>How the REST/JSON gateway writes JSON and describes itself in its OpenAPI document.</summary>
public sealed class RestGatewayOptions
{
    /// <summary>Where the OpenAPI 3 document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the documentation page (Swagger UI, its files served by the application: no CDN) is served.</summary>
    public const string PagePath = "/docs";

    /// <summary>
    /// Whether JSON output uses the proto field names (<c>book_id</c>, the default, as grpc-gateway does) rather than
    /// lowerCamelCase (<c>bookId</c>). Input accepts both.
    /// </summary>
    public bool UseProtoFieldNames { get; set; } = true;

    /// <summary>Whether fields with default values (0, "", false, empty lists) are written. Default <see langword="true"/>.</summary>
    public bool EmitDefaultValues { get; set; } = true;

    /// <summary>The title of the OpenAPI document and of the documentation page. Default "REST/JSON gateway".</summary>
    public string Title { get; set; } = "REST/JSON gateway";

    /// <summary>Text added to the document's generated description (how the JSON mapping, streams and errors work); optional.</summary>
    public string? Description { get; set; }

    /// <summary>The document's version; by default the informational version of the assembly of the first service contract.</summary>
    public string? Version { get; set; }
}
