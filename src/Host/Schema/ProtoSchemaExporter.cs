using Grpc.Core;
using ProdStock.Contracts;
using ProtoBuf.Meta;

namespace ProdStock.Host.Schema;

/// <summary>
/// Writes the <c>.proto</c> schema of the ProdStock services from the C# contracts: protobuf-net's
/// <see cref="TypeModel.GetSchema(SchemaGenerationOptions)"/> over the same <see cref="TypeModel"/> the marshallers use,
/// with the services and methods as protobuf-net.Grpc binds them.
/// </summary>
internal static class ProtoSchemaExporter
{
    /// <summary>The file the schema of package <c>services</c> is written to.</summary>
    public const string FileName = "services.proto";

    public const string RegenerateCommand = "dotnet run --project src/Host -- proto --out protos";

    private static readonly string Header = $"""
        // Generated from the C# contracts in ProdStock.Contracts (src/Contracts); do not edit.
        // Change the contracts, then regenerate with:
        //   {RegenerateCommand}

        """;

    /// <summary>The schema text of all ProdStock services.</summary>
    public static string Export() => Export(ProdStockContracts.ServiceContracts, RuntimeTypeModel.Default);

    /// <summary>The schema text of the given service contracts (all in package <c>services</c>).</summary>
    public static string Export(IEnumerable<Type> serviceContracts, TypeModel model)
    {
        ArgumentNullException.ThrowIfNull(serviceContracts);
        ArgumentNullException.ThrowIfNull(model);
        var options = new SchemaGenerationOptions
        {
            Syntax = ProtoSyntax.Proto3,
            Package = ProtoNames.Package,
        };

        foreach (var contract in serviceContracts)
        {
            var operations = ContractOperationReader.Read(contract);
            if (operations.Count == 0)
            {
                throw new InvalidOperationException($"{contract.Name} has no gRPC operations protobuf-net.Grpc can bind.");
            }

            var service = new Service { Name = operations[0].ServiceName[(ProtoNames.Package.Length + 1)..] };
            foreach (var operation in operations)
            {
                service.Methods.Add(new ServiceMethod
                {
                    Name = operation.MethodName,
                    InputType = WellKnown(operation.RequestType),
                    OutputType = WellKnown(operation.ResponseType),
                    ClientStreaming = operation.Kind is MethodType.ClientStreaming or MethodType.DuplexStreaming,
                    ServerStreaming = operation.Kind is MethodType.ServerStreaming or MethodType.DuplexStreaming,
                });
            }

            options.Services.Add(service);
        }

        var schema = model.GetSchema(options).ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        if (schema.Contains("bcl.proto", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "The contracts use a .NET type that protobuf-net maps to bcl.proto (DateTime/TimeSpan below CompatibilityLevel 300, decimal, Guid), " +
                "which clients in other languages cannot use. Use CompatibilityLevel.Level300 (google.protobuf.Timestamp/Duration) or a proto3 type.\n" + schema);
        }

        return Header + schema;
    }

    /// <summary>protobuf-net.Grpc's stand-in for "no argument" / "no result" is, on the wire, <c>google.protobuf.Empty</c>.</summary>
    private static Type WellKnown(Type messageType) =>
        messageType.FullName == "ProtoBuf.Grpc.Internal.Empty" ? typeof(ProtoBuf.WellKnownTypes.Empty) : messageType;
}
