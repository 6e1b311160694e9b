namespace CodeFirst.AspNetCore;

/// <summary>
/// How the REST/JSON gateway writes JSON, which requests it accepts (body size, cross-site callers) and how it
/// describes itself in its OpenAPI document.
/// </summary>
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

    /// <summary>The default of <see cref="MaxRequestBodySize"/>: 1 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>
    /// The largest request body a route accepts, in bytes (default <see cref="DefaultMaxRequestBodySize"/>); a larger one
    /// is answered 413 with <c>RESOURCE_EXHAUSTED</c> before it is read. Enforced through ASP.NET Core's
    /// <c>IRequestSizeLimitMetadata</c> on each route's endpoint. A client-streaming route applies it to each NDJSON line
    /// (each message) instead of to the whole body, as gRPC limits each message of a stream, and to the whole body when
    /// the stream is sent as one JSON array.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>
    /// <see cref="MaxRequestBodySize"/> for single routes, keyed by the gRPC method the route calls
    /// (<c>library.v1.Shelf/AddBook</c>); routes not listed use <see cref="MaxRequestBodySize"/>.
    /// </summary>
    public IDictionary<string, long> MaxRequestBodySizeByMethod { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>
    /// Origins (<c>https://app.example:8443</c>) whose pages may call the routes that change state (every method but GET);
    /// empty by default: only pages of the gateway's own origin may. A browser request from any other origin
    /// (its <c>Origin</c> header, or <c>Sec-Fetch-Site: cross-site</c> or <c>same-site</c> when it sends no <c>Origin</c>)
    /// is answered 403 <c>PERMISSION_DENIED</c>, so a cross-site form cannot act with the browser's client certificate.
    /// Requests without those headers (curl, SDKs) are not affected.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// How long a route waits for its client (default 30 seconds; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever):
    /// a request body that sends no bytes, or a client stream whose next NDJSON line does not come, this long is answered
    /// 408 <c>DEADLINE_EXCEEDED</c>; a server stream whose client reads nothing this long (its next line cannot be sent)
    /// is reset. Kestrel's minimum data rates miss these: a body sent fast and then stalled keeps its average rate up,
    /// and HTTP/2 flow control is not timed.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
