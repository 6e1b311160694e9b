using ProdStock.Host.Commands;
using CodeFirst.Schema;
using CodeFirst.Model;

namespace ProdStock.InteropTests.Schema;

/// <summary>The checked-in <c>protos/services.proto</c>: current, clean for protoc, safe for other languages.</summary>
public sealed class SchemaFileTests
{
    private static string CheckedInPath => Path.Combine(RepositoryPaths.Protos, ProdStockSchema.FileName);

    [Fact]
    public async Task CheckedInSchema_ComparedWithContracts_IsWhatTheCodeEmitsNow()
    {
        var checkedIn = (await File.ReadAllTextAsync(CheckedInPath)).ReplaceLineEndings("\n");

        checkedIn.Should().Be(ProdStockSchema.Export(),
            $"protos/{ProdStockSchema.FileName} must be regenerated after a contract change: run `{ProdStockSchema.RegenerateCommand}` and commit the result");
    }

    [Fact]
    public async Task CheckedInSchema_CompiledWithProtoc_HasNoErrorOrWarning()
    {
        var result = await Protoc.CompileAsync(RepositoryPaths.Protos, ProdStockSchema.FileName);

        result.ExitCode.Should().Be(0, result.Diagnostics);
        result.Diagnostics.Should().BeEmpty("protoc prints warnings (unused imports, …) on stderr");
        result.Descriptors!.File.Should().Contain(f => f.Name == ProdStockSchema.FileName && f.Package == "services");
    }

    [Fact]
    public async Task CheckedInSchema_EnumValueNames_AreUniqueInThePackage()
    {
        // Enum values are siblings of their enum in C++ (and in the protobuf package scope): two enums with a value "A"
        // would not compile there. protoc checks this too; this test says it in words.
        var descriptors = (await Protoc.CompileAsync(RepositoryPaths.Protos, ProdStockSchema.FileName)).Descriptors!;
        var file = descriptors.File.Single(f => f.Name == ProdStockSchema.FileName);
        var topLevelNames = file.MessageType.Select(m => m.Name).Concat(file.EnumType.Select(e => e.Name)).Concat(file.Service.Select(s => s.Name));

        var enumValueNames = file.EnumType.SelectMany(e => e.Value.Select(v => v.Name)).ToList();

        enumValueNames.Should().OnlyHaveUniqueItems().And.NotIntersectWith(topLevelNames);
    }

    [Fact]
    public async Task CheckedInSchema_HttpOptions_MatchEveryDeclaredGatewayRoute()
    {
        var descriptors = (await Protoc.CompileAsync(RepositoryPaths.Protos, ProdStockSchema.FileName)).Descriptors!;
        var methods = descriptors.File.Single(f => f.Name == ProdStockSchema.FileName).Service
            .SelectMany(service => service.Method.Select(method => (Name: $"services.{service.Name}/{method.Name}", Rule: method.Options?.GetExtension(Google.Api.AnnotationsExtensions.Http))))
            .Where(m => m.Rule is not null)
            .ToDictionary(m => m.Name, m => m.Rule!);

        var routes = CodeFirst.AspNetCore.Gateway.Routing.GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes;

        methods.Keys.Should().BeEquivalentTo(routes.Select(r => r.FullMethodName));
        foreach (var route in routes)
        {
            var rule = methods[route.FullMethodName];
            var (verb, path) = rule.PatternCase switch
            {
                Google.Api.HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
                Google.Api.HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
                Google.Api.HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
                Google.Api.HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
                Google.Api.HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
                _ => ("?", ""),
            };
            (verb, path, rule.Body).Should().Be((route.Rule.Method, route.Rule.PathTemplate, route.Rule.Body ?? ""), route.FullMethodName);
        }
    }
}
