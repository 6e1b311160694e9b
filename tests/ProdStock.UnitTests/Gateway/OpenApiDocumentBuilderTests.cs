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

    private static (OpenApiDocument Document, OpenApiDiagnostic Diagnostic, string Text) Read(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        var document = new OpenApiStringReader().Read(text, out var diagnostic);
        return (document, diagnostic, text);
    }
}
