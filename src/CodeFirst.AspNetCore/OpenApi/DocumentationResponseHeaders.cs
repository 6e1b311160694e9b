namespace CodeFirst.AspNetCore.OpenApi;

/// <summary>
/// The security headers of the OpenAPI document and the documentation page. Neither may be framed by another site
/// (<c>frame-ancestors 'none'</c>: no clickjacking of "Try it out" in a browser that holds the client certificate), and
/// neither is sniffed into another type. The page's policy admits only its own scripts (Swagger UI as the toolkit
/// serves it has no inline script), its own stylesheets plus the <c>&lt;style&gt;</c> element the Swagger UI bundle adds
/// at run time (hence <c>'unsafe-inline'</c> for styles only; the browser test checks that nothing else is blocked), and
/// <c>data:</c> images, which its stylesheet draws icons with.
/// </summary>
internal static class DocumentationResponseHeaders
{
    /// <summary>The document is data, never a page: it may load nothing.</summary>
    public const string DocumentPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    public const string PagePolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response, string policy)
    {
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
