using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using CodeFirst.AspNetCore.Gateway.Errors;

namespace CodeFirst.AspNetCore.Gateway.Binding;

/// <summary>
/// The content types a route's request body may have: <c>application/json</c> (UTF-8, the charset optional), and for a
/// client stream <c>application/x-ndjson</c> too. Anything else is 415: a browser sends cross-site forms as
/// <c>text/plain</c>, <c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c> without asking first, and
/// those must never be read as JSON.
/// </summary>
internal static class RequestContentType
{
    public const string Json = "application/json";
    public const string Ndjson = "application/x-ndjson";

    /// <summary>
    /// Whether the body is NDJSON (else JSON); throws 415 when the request has a body (or names a type) that is
    /// neither. A request without a body and without a content type binds as an empty body.
    /// </summary>
    public static bool IsNdjson(HttpRequest request, bool acceptsNdjson, string route)
    {
        var header = request.ContentType;
        if (string.IsNullOrEmpty(header))
        {
            return HasNoBody(request) ? acceptsNdjson : throw Unsupported("(none)", acceptsNdjson, route); // no body: no messages
        }

        if (!MediaTypeHeaderValue.TryParse(header, out var type)
            || (type.Charset.HasValue && !string.Equals(HeaderUtilities.RemoveQuotes(type.Charset).Value, "utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw Unsupported(header, acceptsNdjson, route);
        }

        if (type.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return acceptsNdjson && type.MediaType.Equals(Ndjson, StringComparison.OrdinalIgnoreCase) ? true : throw Unsupported(header, acceptsNdjson, route);
    }

    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false };

    private static GatewayRequestRefusedException Unsupported(string header, bool acceptsNdjson, string route) =>
        new(StatusCodes.Status415UnsupportedMediaType, StatusCode.InvalidArgument,
            $"the content type '{header}' is not supported by {route}: send {(acceptsNdjson ? $"{Ndjson} (one message per line) or {Json} (an array)" : $"{Json} (UTF-8)")}");
}
