using CodeFirst.Schema;
using ProdStock.Contracts;

namespace ProdStock.Host.Commands;

/// <summary>The <c>.proto</c> schema of the ProdStock services, as <c>protos/services.proto</c> holds it, with its imports.</summary>
internal static class ProdStockSchema
{
    /// <summary>The file the schema of package <c>services</c> is written to.</summary>
    public const string FileName = "services.proto";

    /// <summary>The command that regenerates the checked-in schema.</summary>
    public const string RegenerateCommand = "dotnet run --project src/Host -- proto --out protos";

    /// <summary>
    /// <c>go_package</c>: ProdStock publishes no Go module, so the import path is under <c>example.com</c>, which Go reserves
    /// for examples; it generates cleanly into package <c>services</c>, and a Go team sets its own with <c>--go-package</c>
    /// or protoc-gen-go's <c>M</c> flag.
    /// </summary>
    public const string DefaultGoPackage = "example.com/prodstock/services;services";

    /// <summary><c>csharp_namespace</c>: apart from the code-first contracts' <c>ProdStock.Contracts</c>, so both can live in one application.</summary>
    public const string DefaultCSharpNamespace = "ProdStock.Grpc.Services";

    /// <summary><c>java_package</c>, under the same reserved example domain as <see cref="DefaultGoPackage"/>.</summary>
    public const string DefaultJavaPackage = "com.example.prodstock.services";

    private const string Header = $"""
        // Generated from the C# contracts in ProdStock.Contracts (src/Contracts); do not edit.
        // Change the contracts, then regenerate with:
        //   {RegenerateCommand}
        """;

    /// <summary>The export options of the checked-in schema: its header and ProdStock's default file options.</summary>
    public static ProtoExportOptions Options(string? goPackage = null, string? csharpNamespace = null, string? javaPackage = null) => new()
    {
        Header = Header,
        GoPackage = goPackage ?? DefaultGoPackage,
        CSharpNamespace = csharpNamespace ?? DefaultCSharpNamespace,
        JavaPackage = javaPackage ?? DefaultJavaPackage,
        JavaMultipleFiles = true,
    };

    /// <summary>The schema text of all ProdStock services, with the default file options.</summary>
    public static string Export() => ProtoSchemaExporter.Export(ProdStockContracts.ServiceContracts, Options());

    /// <summary>The schema followed by every file it imports and their licences, as <c>proto --out DIR</c> writes them.</summary>
    /// <exception cref="ArgumentException">A file option is invalid.</exception>
    public static IReadOnlyList<ProtoSchemaFile> ExportWithImports(ProtoExportOptions options) =>
        ProtoSchemaExporter.ExportWithImports(ProdStockContracts.ServiceContracts, FileName, options);
}
