using ProdStock.Host.Gateway.Routing;
using ProdStock.Host.Hosting;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace ProdStock.Host.Gateway.OpenApi;

/// <summary>Maps the REST gateway's OpenAPI document and its documentation page.</summary>
internal static class ApiDocumentationEndpointRouteBuilderExtensions
{
    /// <summary>Where the OpenAPI 3 document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the documentation page (Swagger UI, its files embedded in the host: no CDN) is served.</summary>
    public const string PagePath = "/docs";

    /// <summary>The title of the document and of its page.</summary>
    private const string Title = "ProdStock REST/JSON gateway";

    /// <summary>What the route table cannot tell: the title, and how the REST port is reached. The version is the contracts'.</summary>
    private static readonly OpenApiDocumentInfo DocumentInfo = new(
        Title,
        Description: "The gateway listens on its own HTTPS port. Unless the server is configured otherwise (`ProdStock:Rest:ClientCertificates`), " +
            "it requires a TLS client certificate signed by the server's CA, as the gRPC port does.");

    /// <summary>
    /// Maps <c>GET /openapi/v1.json</c> (the document of <see cref="GatewayRouteTable.Default"/>, built on first request
    /// with the configured JSON field names) and <c>GET /docs</c> with the page's files under <c>/docs/</c>. Both carry
    /// <see cref="GatewayRouteMetadata"/> without a route, so they are served on the REST listener only, like the routes
    /// they describe; an unknown file under <c>/docs/</c> is the gateway's JSON 404.
    /// </summary>
    public static IEndpointRouteBuilder MapProdStockApiDocumentation(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var responder = endpoints.ServiceProvider.GetRequiredService<GatewayResponder>();
        byte[]? document = null;

        endpoints.MapMethods(DocumentPath, [HttpMethods.Get, HttpMethods.Head], async context =>
            {
                // Options are validated when the host starts, after the endpoints are mapped: read them on first use.
                var json = document ??= OpenApiDocumentBuilder.Build(GatewayRouteTable.Default, responder.JsonOptions, DocumentInfo);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = GatewayResponder.JsonContentType;
                context.Response.ContentLength = json.Length;
                context.Response.Headers.CacheControl = "no-cache";
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
                }
            })
            .ServedOnRestListener(new GatewayRouteMetadata(null))
            .WithDisplayName($"REST OpenAPI document {DocumentPath}");

        var page = endpoints.CreateApplicationBuilder();
        page.UseSwaggerUI(CreatePageOptions());
        page.Run(responder.WriteNotFoundAsync);
        endpoints.MapMethods(PagePath + "/{**file}", [HttpMethods.Get, HttpMethods.Head], page.Build())
            .ServedOnRestListener(new GatewayRouteMetadata(null))
            .WithDisplayName($"REST documentation page {PagePath}");

        return endpoints;
    }

    private static SwaggerUIOptions CreatePageOptions()
    {
        var options = new SwaggerUIOptions
        {
            RoutePrefix = PagePath.TrimStart('/'),
            DocumentTitle = Title,
        };
        options.ConfigObject.Urls = [new UrlDescriptor { Url = DocumentPath, Name = Title + " v1" }];
        options.ConfigObject.DisplayOperationId = true;
        options.ConfigObject.DisplayRequestDuration = true;
        options.ConfigObject.DeepLinking = true;
        options.ConfigObject.ValidatorUrl = null; // no badge from an online validator: the page makes no request outside the host
        return options;
    }
}
