namespace CodeFirst.Http;

/// <summary>
/// Declares how a contract method is exposed over HTTP/JSON, with the semantics of <c>google.api.http</c>
/// (the schema export writes it as <c>option (google.api.http)</c>). Fields named in the path template are bound from the
/// URL; <see cref="Body"/> says which part of the request comes from the JSON body; every other field comes from the
/// query string (not when the body is <c>"*"</c>).
/// </summary>
/// <example><c>[HttpRoute("GET", "/v1/books/{isbn}")]</c>, <c>[HttpRoute("POST", "/v1/orders", Body = "order")]</c></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class HttpRouteAttribute : Attribute
{
    /// <summary>Declares the route.</summary>
    /// <param name="method">The HTTP method: GET, POST, PUT, PATCH or DELETE.</param>
    /// <param name="pathTemplate">
    /// The path template: literal segments and field variables <c>{field}</c>, <c>{field=*}</c> or nested
    /// <c>{parent.child}</c>, with proto field names; an optional custom verb ends it (<c>/v1/users/scores:stream</c>).
    /// </param>
    public HttpRouteAttribute(string method, string pathTemplate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathTemplate);
        Method = method.ToUpperInvariant();
        PathTemplate = pathTemplate;
    }

    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; }

    /// <summary>The path template.</summary>
    public string PathTemplate { get; }

    /// <summary>
    /// Which part of the request message the body carries: <c>"*"</c> (the whole message, no query binding), the proto name
    /// of a top-level field (that field), or <see langword="null"/> (no body; the default).
    /// </summary>
    public string? Body { get; init; }

    /// <summary>The proto name of the response field to return as the body instead of the whole response; <see langword="null"/> by default.</summary>
    public string? ResponseBody { get; init; }
}
