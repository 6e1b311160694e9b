namespace CodeFirst.AspNetCore.Gateway.Security;

/// <summary>Origins as browsers send them in the <c>Origin</c> header: <c>scheme://host[:port]</c>, the port only when not the scheme's default.</summary>
internal static class AllowedOrigins
{
    /// <summary>Whether <paramref name="text"/> is an http(s) origin: no path, query, fragment or user info.</summary>
    public static bool IsOrigin(string? text) =>
        Uri.TryCreate(text?.TrimEnd('/'), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;

    /// <summary>
    /// <paramref name="text"/> written as a browser writes it: lower-case scheme and host, default port left out, no
    /// trailing slash; so a configured <c>HTTPS://App.Example:443/</c> matches <c>https://app.example</c>.
    /// </summary>
    public static string Normalize(string text) =>
        Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant() : text;
}
