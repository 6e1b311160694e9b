using CodeFirst.Schema;
using ProdStock.Contracts;

namespace ProdStock.Host.Commands;

/// <summary>The <c>.proto</c> schema of the ProdStock services, as <c>protos/services.proto</c> holds it.</summary>
internal static class ProdStockSchema
{
    /// <summary>The file the schema of package <c>services</c> is written to.</summary>
    public const string FileName = "services.proto";

    /// <summary>The command that regenerates the checked-in schema.</summary>
    public const string RegenerateCommand = "dotnet run --project src/Host -- proto --out protos";

    private const string Header = $"""
        // Generated from the C# contracts in ProdStock.Contracts (src/Contracts); do not edit.
        // Change the contracts, then regenerate with:
        //   {RegenerateCommand}
        """;

    /// <summary>The schema text of all ProdStock services.</summary>
    public static string Export() => ProtoSchemaExporter.Export(ProdStockContracts.ServiceContracts, header: Header);
}
