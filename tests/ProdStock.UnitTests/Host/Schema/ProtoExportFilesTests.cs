using CodeFirst.Schema;
using ProdStock.Host.Commands;
using ProtoBuf.Meta;

namespace ProdStock.UnitTests.Host.Schema;

/// <summary>The exporter's file options and the set of imported files it writes beside the schema.</summary>
public sealed class ProtoExportFilesTests
{
    private static readonly Type[] PingContracts = [typeof(ProtoSchemaExporterTests.IPingService)];

    [Fact]
    public void Export_FileOptionsGiven_WritesEachAfterTheLastImport()
    {
        var schema = ProtoSchemaExporter.Export(PingContracts, new ProtoExportOptions
        {
            GoPackage = "example.com/ping;ping",
            CSharpNamespace = "Ping.Grpc",
            JavaPackage = "com.example.ping",
            JavaMultipleFiles = true,
        });

        var lines = schema.Split('\n');
        var lastImport = Array.FindLastIndex(lines, line => line.StartsWith("import ", StringComparison.Ordinal));
        lines.Skip(lastImport + 1).Take(4).Should().Equal(
            "option go_package = \"example.com/ping;ping\";",
            "option csharp_namespace = \"Ping.Grpc\";",
            "option java_package = \"com.example.ping\";",
            "option java_multiple_files = true;");
        schema.Should().Contain("package services;", "file options never change the protobuf package");
    }

    [Fact]
    public void Export_NoFileOptions_WritesNoOptionLine()
    {
        var schema = ProtoSchemaExporter.Export(PingContracts, new ProtoExportOptions());

        schema.Split('\n').Should().NotContain(line => line.StartsWith("option ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(ProtoExportOptions.GoPackage), "")]
    [InlineData(nameof(ProtoExportOptions.GoPackage), "services")]
    [InlineData(nameof(ProtoExportOptions.GoPackage), "example.com/x\";option y=1")]
    [InlineData(nameof(ProtoExportOptions.GoPackage), "example.com/x;9name")]
    [InlineData(nameof(ProtoExportOptions.GoPackage), "example.com//x")]
    [InlineData(nameof(ProtoExportOptions.CSharpNamespace), "")]
    [InlineData(nameof(ProtoExportOptions.CSharpNamespace), "1Bad.Name")]
    [InlineData(nameof(ProtoExportOptions.CSharpNamespace), "Bad..Name")]
    [InlineData(nameof(ProtoExportOptions.JavaPackage), "com.example-x")]
    [InlineData(nameof(ProtoExportOptions.JavaPackage), "com.example.")]
    public void Export_InvalidFileOption_ThrowsNamingTheOption(string option, string value)
    {
        var options = new ProtoExportOptions();
        typeof(ProtoExportOptions).GetProperty(option)!.SetValue(options, value);

        var act = () => ProtoSchemaExporter.Export(PingContracts, options);

        act.Should().Throw<ArgumentException>().WithMessage($"*{option}*not valid*");
    }

    [Fact]
    public void ExportWithImports_ProdStockSchema_HasTheSchemaThenEveryImportTransitivelyThenTheLicences()
    {
        var files = ProdStockSchema.ExportWithImports(ProdStockSchema.Options());

        files.Select(file => file.Path).Should().Equal(
            "services.proto",
            // google/api/annotations.proto imports http.proto and descriptor.proto; validate.proto descriptor, duration, timestamp.
            "google/api/annotations.proto", "google/api/http.proto",
            "google/protobuf/descriptor.proto", "google/protobuf/duration.proto", "google/protobuf/timestamp.proto",
            "validate/validate.proto",
            "google/api/LICENSE", "google/protobuf/LICENSE", "validate/LICENSE");
        files[0].Content.Should().Be(ProdStockSchema.Export());
        files.Single(file => file.Path == "google/api/LICENSE").Content.Should().Contain("Apache License");
        files.Single(file => file.Path == "google/protobuf/LICENSE").Content.Should().Contain("Redistribution and use in source and binary forms");
    }

    [Fact]
    public void ExportWithImports_ContractWithoutRulesOrRoutes_WritesOnlyTheFilesItImports()
    {
        var files = ProtoSchemaExporter.ExportWithImports(PingContracts, "ping.proto", new ProtoExportOptions { Model = RuntimeTypeModel.Default });

        files.Select(file => file.Path).Should().Equal(
            "ping.proto", "google/protobuf/empty.proto", "google/protobuf/timestamp.proto", "google/protobuf/LICENSE");
    }

    [Theory]
    [InlineData("services")]
    [InlineData("services.txt")]
    [InlineData("/tmp/services.proto")]
    [InlineData("../services.proto")]
    [InlineData("a//services.proto")]
    [InlineData("a\\services.proto")]
    [InlineData("google/protobuf/timestamp.proto")]
    public void ExportWithImports_BadFileName_ThrowsArgumentException(string fileName)
    {
        var act = () => ProtoSchemaExporter.ExportWithImports(PingContracts, fileName);

        act.Should().Throw<ArgumentException>().WithMessage($"*{fileName}*");
    }

    [Fact]
    public void Closure_ImportTheToolkitDoesNotCarry_ThrowsNamingIt()
    {
        var act = () => ProtoImportFiles.Closure("syntax = \"proto3\";\nimport \"google/type/money.proto\";\n");

        act.Should().Throw<InvalidOperationException>().WithMessage("*\"google/type/money.proto\"*does not carry*");
    }

    [Fact]
    public void Closure_PublicAndWeakImports_AreFollowedToo()
    {
        var files = ProtoImportFiles.Closure("import public \"google/protobuf/duration.proto\";\nimport weak \"google/protobuf/any.proto\";\n");

        files.Select(file => file.Path).Should().Equal("google/protobuf/any.proto", "google/protobuf/duration.proto", "google/protobuf/LICENSE");
    }
}
