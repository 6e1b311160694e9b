using Grpc.Core;
using Microsoft.Extensions.Primitives;
using CodeFirst.AspNetCore.Gateway.Errors;

namespace CodeFirst.AspNetCore.Gateway.Security;

/// <summary>
/// Refuses browser requests from other sites on the routes that change state (every HTTP method but GET), with 403
/// <c>PERMISSION_DENIED</c>: a page elsewhere can make a browser that holds the client certificate send a form, and
/// the gateway must not act on it. Browsers send <c>Origin</c> on every such request; it must be the gateway's own
/// origin (the request's scheme, host and port) or one of <see cref="RestGatewayOptions.AllowedOrigins"/>. Without
/// <c>Origin</c>, <c>Sec-Fetch-Site</c> decides: <c>same-origin</c> and <c>none</c> (typed by the user) pass,
/// <c>same-site</c> (another port or subdomain, e.g. any other application on localhost) and <c>cross-site</c> do not.
/// Requests with neither header (curl, SDKs, other servers) are not browsers acting for someone else and pass.
/// </summary>
internal sealed class CrossSiteRequestGuard(IReadOnlySet<string> allowedOrigins)
{
    public static CrossSiteRequestGuard Create(RestGatewayOptions options) =>
        new(options.AllowedOrigins.Select(AllowedOrigins.Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase));

    public void ThrowIfCrossSite(HttpRequest request, string route)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return;
        }

        var origin = request.Headers.Origin;
        if (!StringValues.IsNullOrEmpty(origin))
        {
            if (origin.Count != 1 || !IsAllowed(origin.ToString(), request))
            {
                throw Refused($"requests from the origin '{origin}' may not call {route}: only pages of this gateway's own origin and of its allowed origins may");
            }

            return;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused($"a {site} request (Sec-Fetch-Site) may not call {route}: only pages of this gateway's own origin and of its allowed origins may");
        }
    }

    private bool IsAllowed(string origin, HttpRequest request)
    {
        var own = request.Scheme + "://" + request.Host.Value;
        return origin.Equals(own, StringComparison.OrdinalIgnoreCase) || allowedOrigins.Contains(origin);
    }

    private static GatewayRequestRefusedException Refused(string message) =>
        new(StatusCodes.Status403Forbidden, StatusCode.PermissionDenied, message);
}
