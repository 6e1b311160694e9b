using System.Net;
using System.ServiceModel;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Gateway.Json;
using CodeFirst.AspNetCore.OpenApi;
using CodeFirst.AspNetCore.Gateway.Routing;
using ProdStock.Testing;
using ProtoBuf;
using ProtoBuf.Grpc;
using static ProdStock.IntegrationTests.Gateway.GatewayJson;
using CodeFirst.Http;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>
/// The OpenAPI document the REST listener serves, parsed by the OpenAPI.NET reader: valid OpenAPI 3.0, every route of the
/// route table with its verb, parameters and schemas, the proto3 JSON types, and the documentation page beside it.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class OpenApiDocumentTests(HostFixture fixture)
{
    private const string Status = "google.rpc.Status";

    private static readonly OpenApiDocumentInfo Info = new("Test gateway");

    [Fact]
    public async Task OpenApiDocument_Served_ParsesAsOpenApi30WithoutErrors()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.GetAsync("/openapi/v1.json").DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        var document = new OpenApiStringReader().Read(text, out var diagnostic);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        diagnostic.Errors.Should().BeEmpty();
        diagnostic.SpecificationVersion.Should().Be(OpenApiSpecVersion.OpenApi3_0);
        text.Should().Contain("\"openapi\": \"3.0.");
        document.Info.Title.Should().NotBeNullOrWhiteSpace();
        document.Info.Version.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task OpenApiDocument_EveryRoute_HasItsVerbOperationIdTagAndPathParameters()
    {
        var document = await ReadServedDocumentAsync();
        var routes = GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes;

        document.Paths.Values.Sum(p => p.Operations.Count).Should().Be(routes.Count, "the document has one operation per route, and no other");
        foreach (var route in routes)
        {
            var path = OpenApiPath(route.Rule.PathTemplate);
            document.Paths.Should().ContainKey(path, $"{route.FullMethodName} is served at {route.Rule.PathTemplate}");
            var operation = document.Paths[path].Operations.Should().ContainKey(Verb(route.Rule.Method)).WhoseValue;
            operation.OperationId.Should().Be(route.Operation.MethodName);
            operation.Tags.Select(t => t.Name).Should().Equal(route.Operation.ServiceName);
            operation.Summary.Should().NotBeNullOrWhiteSpace("the contract method's XML summary is the operation's summary");

            var pathParameters = operation.Parameters.Where(p => p.In == ParameterLocation.Path).ToList();
            pathParameters.Select(p => p.Name).Should().Equal(route.Template.Variables.Select(v => string.Join('.', v)));
            pathParameters.Should().NotContain(p => !p.Required || p.Schema == null);
            operation.Parameters.Select(p => p.Name).Should().OnlyHaveUniqueItems();
            if (route.BodyIsWholeMessage)
            {
                operation.Parameters.Should().NotContain(p => p.In == ParameterLocation.Query, "the body binds every field");
            }
        }
    }

    [Fact]
    public async Task OpenApiDocument_EveryRoute_HasItsBodiesAndAnswersWithMessageSchemas()
    {
        var document = await ReadServedDocumentAsync();

        foreach (var route in GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes)
        {
            var operation = document.Paths[OpenApiPath(route.Rule.PathTemplate)].Operations[Verb(route.Rule.Method)];
            var because = $"of {route.FullMethodName}";

            if (route.HasBody)
            {
                var body = operation.RequestBody.Should().NotBeNull(because).And.Subject.As<OpenApiRequestBody>();
                var json = body.Content.Should().ContainKey("application/json").WhoseValue.Schema;
                if (route.Operation.Kind == MethodType.ClientStreaming)
                {
                    json.Type.Should().Be("array");
                    json.Items.Reference.Id.Should().Be(route.Request.Name);
                    body.Content.Should().ContainKey("application/x-ndjson").WhoseValue.Schema.Reference.Id.Should().Be(route.Request.Name);
                }
                else
                {
                    json.Reference.Id.Should().Be(route.BodyField is { } field ? field.Message!.Name : route.Request.Name, because);
                }
            }
            else
            {
                operation.RequestBody.Should().BeNull(because);
            }

            var mediaType = route.Operation.Kind == MethodType.ServerStreaming ? "application/x-ndjson" : "application/json";
            var success = operation.Responses.Should().ContainKey("200").WhoseValue;
            success.Content.Keys.Should().Equal([mediaType], because);
            success.Content[mediaType].Schema.Reference.Id.Should().Be(route.Response.Name, because);
            foreach (var range in new[] { "4XX", "5XX" })
            {
                operation.Responses.Should().ContainKey(range).WhoseValue.Content["application/json"].Schema.Reference.Id.Should().Be(Status, because);
            }

            foreach (var message in new[] { route.Request, route.Response })
            {
                var schema = document.Components.Schemas.Should().ContainKey(message.Name).WhoseValue;
                schema.Type.Should().Be("object");
                schema.Properties.Keys.Should().BeEquivalentTo(message.Fields.Select(f => f.ProtoName), $"{message.Name} has its fields under their proto names");
            }
        }
    }

    [Fact]
    public async Task OpenApiDocument_ServerStream_DescribesNdjsonLinesAndFinalErrorLine()
    {
        var document = await ReadServedDocumentAsync();

        var success = document.Paths["/v1/users/scores:stream"].Operations[OperationType.Post].Responses["200"];

        success.Description.Should().Contain("NDJSON").And.Contain("one JSON object per line").And.Contain("{\"error\":");
    }

    [Fact]
    public async Task OpenApiDocument_Schemas_HaveProto3JsonTypesAndFormats()
    {
        var document = await ReadServedDocumentAsync();
        var schemas = document.Components.Schemas;

        Property(schemas["ProdResponse"], "prod_stock").Should().Match<OpenApiSchema>(s => s.Type == "integer" && s.Format == "int32");
        Property(schemas["ProdModel"], "prod_price").Should().Match<OpenApiSchema>(s => s.Type == "number" && s.Format == "float");
        Property(schemas["ProdModel"], "prod_name").Type.Should().Be("string");
        Property(schemas["OrderMain"], "order_time").Should().Match<OpenApiSchema>(s => s.Type == "string" && s.Format == "date-time" && s.Nullable);
        Property(schemas["OrderRequest"], "order_main").AllOf.Single().Reference.Id.Should().Be("OrderMain");
        var productes = Property(schemas["ProdResponseList"], "productes");
        productes.Type.Should().Be("array");
        productes.Items.Reference.Id.Should().Be("ProdResponse");
        Property(schemas["ProdRequest"], "prod_area").AllOf.Single().Reference.Id.Should().Be("ProdAreas");
        schemas["ProdAreas"].Type.Should().Be("string");
        schemas["ProdAreas"].Enum.Select(e => ((Microsoft.OpenApi.Any.OpenApiString)e).Value).Should().Equal("A", "B", "C");
        Property(schemas["ProdResponse"], "prod_stock").Description.Should().NotBeNullOrWhiteSpace("field descriptions come from the DTOs' XML docs");

        var status = schemas[Status];
        status.Required.Should().BeEquivalentTo("code", "message");
        Property(status, "code").Should().Match<OpenApiSchema>(s => s.Type == "integer" && s.Format == "int32");
        Property(status, "message").Type.Should().Be("string");
        Property(status, "details").Type.Should().Be("array");
    }

    [Fact]
    public async Task OpenApiDocument_BodylessRoute_HasRemainingFieldsAsQueryParameters()
    {
        var document = await ReadServedDocumentAsync();

        var list = document.Paths["/v1/prod"].Operations[OperationType.Get].Parameters;
        var stock = document.Paths["/v1/prod/{prod_id}"].Operations[OperationType.Get].Parameters;

        list.Select(p => (p.Name, p.In)).Should().Equal(("size", ParameterLocation.Query), ("prod_area", ParameterLocation.Query));
        list[0].Schema.Should().Match<OpenApiSchema>(s => s.Type == "integer" && s.Format == "int32");
        list[1].Schema.Reference.Id.Should().Be("ProdAreas");
        stock.Select(p => (p.Name, p.In, p.Required)).Should().Equal(("prod_id", ParameterLocation.Path, true), ("prod_area", ParameterLocation.Query, false));
    }

    [Fact]
    public async Task OpenApiDocument_BodyFieldRoute_HasTheFieldSchemaAsBody()
    {
        var document = await ReadServedDocumentAsync();

        var operation = document.Paths["/v1/orders"].Operations[OperationType.Post];

        operation.RequestBody.Content["application/json"].Schema.Reference.Id.Should().Be("OrderMain");
        operation.Parameters.Should().BeEmpty("OrderRequest has no field besides its body field");
    }

    [Fact]
    public void OpenApiDocument_LowerCamelCaseNaming_NamesFieldsAndParametersInCamelCase()
    {
        var json = OpenApiDocumentBuilder.Build(GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts), new ProtoJsonOptions(UseProtoFieldNames: false, EmitDefaultValues: true), Info);

        var document = new OpenApiStringReader().Read(Encoding.UTF8.GetString(json), out var diagnostic);

        diagnostic.Errors.Should().BeEmpty();
        document.Paths.Should().ContainKey("/v1/prod/{prodId}");
        document.Paths["/v1/prod"].Operations[OperationType.Get].Parameters.Select(p => p.Name).Should().Equal("size", "prodArea");
        document.Components.Schemas["ProdResponse"].Properties.Keys.Should().Equal("prodStock", "prodId");
        document.Components.Schemas["UserScoreRequest"].Properties.Should().ContainKey("users");
    }

    [Fact]
    public void OpenApiDocument_EveryScalarKind_HasItsProto3JsonTypeAndQueryParameter()
    {
        var json = OpenApiDocumentBuilder.Build(GatewayRouteTable.Build([typeof(IShapeService)]), ProtoJsonOptions.Default, Info);

        var document = new OpenApiStringReader().Read(Encoding.UTF8.GetString(json), out var diagnostic);
        var operation = document.Paths.Should().ContainKey("/v1/shapes/{inner.code}").WhoseValue.Operations[OperationType.Get];
        var shape = document.Components.Schemas["Shape"];

        diagnostic.Errors.Should().BeEmpty();
        operation.Parameters.Select(p => (p.Name, p.In)).Should().Equal(
            ("inner.code", ParameterLocation.Path), ("big", ParameterLocation.Query), ("ratio", ParameterLocation.Query),
            ("flag", ParameterLocation.Query), ("blob", ParameterLocation.Query), ("tags", ParameterLocation.Query),
            ("inner.label", ParameterLocation.Query), ("counter", ParameterLocation.Query), ("huge", ParameterLocation.Query),
            ("at", ParameterLocation.Query), ("wait", ParameterLocation.Query), ("kind", ParameterLocation.Query));
        var tags = operation.Parameters.Single(p => p.Name == "tags");
        tags.Should().Match<OpenApiParameter>(p => p.Style == ParameterStyle.Form && p.Explode && p.Schema.Type == "array" && p.Schema.Items.Type == "string");
        Shape("big").Should().Be(("string", "int64"));
        Shape("huge").Should().Be(("string", "uint64"));
        Shape("counter").Should().Be(("integer", "int64"));
        Shape("ratio").Should().Be(("number", "double"));
        Shape("flag").Should().Be(("boolean", null));
        Shape("blob").Should().Be(("string", "byte"));
        Shape("at").Should().Be(("string", "date-time"));
        Shape("wait").Type.Should().Be("string");
        Property(shape, "counter").Minimum.Should().Be(0);
        Property(shape, "items").Items.Reference.Id.Should().Be("ShapeInner");
        Property(shape, "inner").Nullable.Should().BeTrue();
        Property(shape, "kind").AllOf.Single().Reference.Id.Should().Be("ProdAreas");

        (string? Type, string? Format) Shape(string name) => (Property(shape, name).Type, Property(shape, name).Format);
    }

    [Fact]
    public async Task DocsPage_Served_FromTheHostWithoutCdn()
    {
        using var http = fixture.CreateRestClient();

        using var index = await http.GetAsync("/docs/index.html").DefaultTimeout();
        var html = await index.Content.ReadAsStringAsync().DefaultTimeout();
        using var script = await http.GetAsync("/docs/swagger-ui-bundle.js").DefaultTimeout();
        using var init = await http.GetAsync("/docs/index.js").DefaultTimeout();

        index.StatusCode.Should().Be(HttpStatusCode.OK);
        index.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("swagger-ui").And.NotContainAny("http://", "https://");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        (await init.Content.ReadAsStringAsync().DefaultTimeout()).Should().Contain("/openapi/v1.json");
    }

    [Fact]
    public async Task DocsPage_WithoutFile_RedirectsToIndex()
    {
        using var handlerClient = fixture.CreateRestClient();

        using var response = await handlerClient.GetAsync("/docs").DefaultTimeout();

        // HttpClient follows the redirect.
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/docs/index.html");
    }

    [Fact]
    public async Task DocsPage_UnknownFile_IsJsonNotFound()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.GetAsync("/docs/no-such-file.js").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadJsonAsync()).GetProperty("code").GetInt32().Should().Be((int)StatusCode.NotFound);
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/index.html")]
    public async Task GrpcPort_Documentation_IsNotServed(string path)
    {
        using var http = RestClients.Create(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var response = await http.GetAsync(path).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApiDocument_Post_IsNotServed()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/openapi/v1.json", Json("{}")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<OpenApiDocument> ReadServedDocumentAsync()
    {
        using var http = fixture.CreateRestClient();
        await using var stream = await http.GetStreamAsync("/openapi/v1.json").DefaultTimeout();
        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);
        diagnostic.Errors.Should().BeEmpty();
        return document;
    }

    private static OpenApiSchema Property(OpenApiSchema schema, string name) =>
        schema.Properties.Should().ContainKey(name).WhoseValue;

    /// <summary>The template with its variables' <c>=*</c> dropped: the contracts spell fields with their proto names, the default naming.</summary>
    private static string OpenApiPath(string template) => VariablePattern().Replace(template, "{$1}");

    private static OperationType Verb(string method) => Enum.Parse<OperationType>(method, ignoreCase: true);

    [GeneratedRegex(@"\{([A-Za-z0-9_.]+)(=\*)?\}")]
    private static partial Regex VariablePattern();

    /// <summary>A contract with a field of every kind, to check the document's type mapping beyond the ProdStock contracts.</summary>
    [ServiceContract(Name = "test.ShapeService")]
    public interface IShapeService
    {
        [HttpRoute("GET", "/v1/shapes/{inner.code}")]
        [OperationContract(Name = "GetShape")]
        ValueTask<Shape> GetShapeAsync(Shape request, CallContext context = default);
    }

    [ProtoContract(Name = "Shape")]
    [CompatibilityLevel(CompatibilityLevel.Level300)]
    public sealed class Shape
    {
        [ProtoMember(1, Name = "big")]
        public long Big { get; set; }

        [ProtoMember(2, Name = "ratio")]
        public double Ratio { get; set; }

        [ProtoMember(3, Name = "flag")]
        public bool Flag { get; set; }

        [ProtoMember(4, Name = "blob")]
        public byte[] Blob { get; set; } = [];

        [ProtoMember(5, Name = "tags")]
        public List<string> Tags { get; set; } = [];

        [ProtoMember(6, Name = "inner")]
        public ShapeInner? Inner { get; set; }

        [ProtoMember(7, Name = "items")]
        public List<ShapeInner> Items { get; set; } = [];

        [ProtoMember(8, Name = "counter")]
        public uint Counter { get; set; }

        [ProtoMember(9, Name = "huge")]
        public ulong Huge { get; set; }

        [ProtoMember(10, Name = "at")]
        public DateTime? At { get; set; }

        [ProtoMember(11, Name = "wait")]
        public TimeSpan? Wait { get; set; }

        [ProtoMember(12, Name = "kind")]
        public ProdAreas Kind { get; set; }
    }

    [ProtoContract(Name = "ShapeInner")]
    public sealed class ShapeInner
    {
        [ProtoMember(1, Name = "code")]
        public int Code { get; set; }

        [ProtoMember(2, Name = "label")]
        public string Label { get; set; } = "";
    }
}
