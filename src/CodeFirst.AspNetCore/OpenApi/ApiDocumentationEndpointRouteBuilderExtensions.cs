using CodeFirst.AspNetCore.Gateway;
using CodeFirst.AspNetCore.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace CodeFirst.AspNetCore.OpenApi;

/// <summary>Maps the REST gateway's OpenAPI document and its documentation page.</summary>
internal static class ApiDocumentationEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /openapi/v1.json</c> (the document of <paramref name="routes"/>, built on first request with the
    /// configured JSON field names) and <c>GET /docs</c> with the page's files under <c>/docs/</c>; an unknown file under
    /// <c>/docs/</c> is the gateway's JSON 404. Both carry <see cref="DocumentationResponseHeaders"/>.
    /// </summary>
    public static void MapApiDocumentation(this IEndpointRouteBuilder endpoints, GatewayRouteTable routes, GatewayResponder responder)
    {
        byte[]? document = null;
        endpoints.MapMethods(RestGatewayOptions.DocumentPath, [HttpMethods.Get, HttpMethods.Head], async context =>
            {
                // Options are validated when the application starts, after the endpoints are mapped: read them on first use.
                var json = document ??= OpenApiDocumentBuilder.Build(routes, responder.JsonOptions, new OpenApiDocumentInfo(responder.Options.Title, responder.Options.Version, responder.Options.Description));
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = GatewayResponder.JsonContentType;
                DocumentationResponseHeaders.Apply(context.Response, DocumentationResponseHeaders.DocumentPolicy);
                context.Response.ContentLength = json.Length;
                context.Response.Headers.CacheControl = "no-cache";
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
                }
            })
            .WithDisplayName($"REST OpenAPI document {RestGatewayOptions.DocumentPath}");

        // Built at the first request, for the same reason: the page's title is an option.
        RequestDelegate? page = null;
        var pageBuilder = endpoints.CreateApplicationBuilder();
        endpoints.MapMethods(RestGatewayOptions.PagePath + "/{**file}", [HttpMethods.Get, HttpMethods.Head], context =>
            {
                if (page is null)
                {
                    lock (pageBuilder)
                    {
                        page ??= pageBuilder.UseSwaggerUI(CreatePageOptions(responder.Options.Title)).Use(_ => responder.WriteNotFoundAsync).Build();
                    }
                }

                DocumentationResponseHeaders.Apply(context.Response, DocumentationResponseHeaders.PagePolicy);
                return page(context);
            })
            .WithDisplayName($"REST documentation page {RestGatewayOptions.PagePath}");
    }

    private static SwaggerUIOptions CreatePageOptions(string title)
    {
        var options = new SwaggerUIOptions
        {
            RoutePrefix = RestGatewayOptions.PagePath.TrimStart('/'),
            DocumentTitle = title,
        };
        options.ConfigObject.Urls = [new UrlDescriptor { Url = RestGatewayOptions.DocumentPath, Name = title + " v1" }];
        options.ConfigObject.DisplayOperationId = true;
        options.ConfigObject.DisplayRequestDuration = true;
        options.ConfigObject.DeepLinking = true;
        options.ConfigObject.ValidatorUrl = null; // no badge from an online validator: the page makes no request outside the application
        return options;
    }
}
