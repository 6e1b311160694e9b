using System.Reflection;
using System.Text;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Gateway.Json;
using CodeFirst.AspNetCore.OpenApi;
using CodeFirst.AspNetCore.Gateway.Routing;

namespace ProdStock.UnitTests.Gateway;

public sealed class OpenApiDocumentBuilderTests
{
    [Fact]
    public void Build_DefaultRouteTable_ParsesWithoutErrorsWithTheGivenTitleDescriptionAndVersion()
    {
        // Arrange
        var info = new OpenApiDocumentInfo("Sample API", "2.3.4", "Reach it through the sample proxy.");

        // Act
        var (document, diagnostic, _) = Read(OpenApiDocumentBuilder.Build(GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts), ProtoJsonOptions.Default, info));

        // Assert
        diagnostic.Errors.Should().BeEmpty();
        diagnostic.SpecificationVersion.Should().Be(OpenApiSpecVersion.OpenApi3_0);
        document.Info.Title.Should().Be("Sample API");
        document.Info.Version.Should().Be("2.3.4");
        document.Info.Description.Should().Contain("proto3 JSON mapping", "the gateway's conventions come first")
            .And.EndWith("\n\nReach it through the sample proxy.");
        document.Paths.Values.Sum(p => p.Operations.Count).Should().Be(GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes.Count);
    }

    [Fact]
    public void Build_NoVersionNorDescription_UsesTheContractsVersionAndOnlyTheConventions()
    {
        // Arrange
        var expected = typeof(ProdStockContracts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

        // Act
        var (document, diagnostic, _) = Read(OpenApiDocumentBuilder.Build(GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts), ProtoJsonOptions.Default, new OpenApiDocumentInfo("Sample API")));

        // Assert
        diagnostic.Errors.Should().BeEmpty();
        document.Info.Version.Should().Be(expected).And.NotContain("+");
        document.Info.Description.Should().EndWith("with the HTTP status of their gRPC code.");
    }

    [Fact]
    public void Build_OtherContract_TakesItsExamplesFromItsOwnRoutes()
    {
        // Arrange: a contract that is not ProdStock's, so nothing of ProdStock may show in its document.
        var routes = GatewayRouteTable.Build([typeof(GatewayRouteTableTests.IValidService)]);

        // Act
        var (document, diagnostic, text) = Read(OpenApiDocumentBuilder.Build(routes, ProtoJsonOptions.Default, new OpenApiDocumentInfo("Samples")));

        // Assert
        diagnostic.Errors.Should().BeEmpty();
        document.Info.Description.Should().Contain("Field names are the `.proto` names (`big_count`)")
            .And.Contain("from the query string (`GET /v1/samples/{count}?big_count=3`)");
        document.Components.Schemas["google.rpc.Status"].Properties["message"].Description.Should().Contain("`invalid Sample.count: …`");
        text.Should().NotContain("ProdStock").And.NotContain("prod_");
    }

    [Fact]
    public void Build_QueryFieldWhoseDefaultFailsItsRange_IsARequiredParameter()
    {
        // Act: QuerySize.size is [Range(1, 1000)], so leaving it out (0) is INVALID_ARGUMENT; prod_area defaults to A, which is valid.
        var operation = ProdStockDocument().Paths["/v1/prod"].Operations[OperationType.Get];

        // Assert
        operation.Parameters.Single(p => p.Name == "size").Required.Should().BeTrue();
        operation.Parameters.Single(p => p.Name == "prod_area").Required.Should().BeFalse();
        ProdStockDocument().Paths["/v1/prod/{prod_id}"].Operations[OperationType.Get].Parameters.Single(p => p.Name == "prod_id").Required.Should().BeTrue();
    }

    [Fact]
    public void Build_MessageSchemas_RequireExactlyTheFieldsTheValidatorRefusesToMiss()
    {
        // Act
        var schemas = ProdStockDocument().Components.Schemas;

        // Assert: [Required] (order_main), a range without 0 (user_id, prod_id, quantity), a pattern or length without "" (order_no).
        schemas["OrderRequest"].Required.Should().BeEquivalentTo("order_main");
        schemas["OrderMain"].Required.Should().Contain(["order_no", "user_id", "order_money"]).And.NotContain(["order_time", "order_lines", "order_id"]);
        schemas["ProdRequest"].Required.Should().BeEquivalentTo("prod_id");
        schemas["ProdResponse"].Required.Should().BeEmpty("a field without rules is never required");
    }

    [Fact]
    public void Build_SummaryWithCodeSpans_IsPlainTextWithoutBackticks()
    {
        // Act
        var operations = ProdStockDocument().Paths.Values.SelectMany(p => p.Operations.Values).ToList();

        // Assert: the XML comment says <see cref="QuerySize.Size"/>, written `size` in Markdown; summary is plain text.
        operations.Single(o => o.OperationId == "GetProdStocks").Summary.Should().Be("Gets the stock of the first size products by id.");
        operations.Should().AllSatisfy(o => o.Summary.Should().NotContain("`"));
    }

    private static OpenApiDocument ProdStockDocument()
    {
        var (document, diagnostic, _) = Read(OpenApiDocumentBuilder.Build(
            GatewayRouteTable.Build(ProdStockContracts.ServiceContracts), ProtoJsonOptions.Default, new OpenApiDocumentInfo("ProdStock")));
        diagnostic.Errors.Should().BeEmpty();
        return document;
    }

    private static (OpenApiDocument Document, OpenApiDiagnostic Diagnostic, string Text) Read(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        var document = new OpenApiStringReader().Read(text, out var diagnostic);
        return (document, diagnostic, text);
    }
}
