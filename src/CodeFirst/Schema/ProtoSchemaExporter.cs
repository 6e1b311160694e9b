using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using ProtoBuf.Meta;
using CodeFirst.Model;
using CodeFirst.Http;

namespace CodeFirst.Schema;

/// <summary>
/// Writes the <c>.proto</c> schema of code-first service contracts: protobuf-net's
/// <see cref="TypeModel.GetSchema(SchemaGenerationOptions)"/> over the same <see cref="TypeModel"/> the marshallers use,
/// with the services and methods as protobuf-net.Grpc binds them (<see cref="ContractReader"/>), each declared
/// <see cref="HttpRouteAttribute"/> as <c>option (google.api.http)</c>, and the contracts' validation rules as
/// protoc-gen-validate field options (<see cref="ValidationRuleWriter"/>).
/// </summary>
public static partial class ProtoSchemaExporter
{
    /// <summary>The schema text of the given service contracts, which must share one protobuf package.</summary>
    /// <param name="serviceContracts">The <c>[ServiceContract]</c> interfaces, in the order their services appear.</param>
    /// <param name="model">The protobuf-net model; <see cref="RuntimeTypeModel.Default"/> when not given.</param>
    /// <param name="header">Comment lines written first (e.g. how to regenerate the file); optional.</param>
    /// <returns>The schema, with <c>\n</c> line ends.</returns>
    /// <exception cref="InvalidOperationException">A contract has no operation, the services span several packages, or a type maps to <c>bcl.proto</c>.</exception>
    public static string Export(IEnumerable<Type> serviceContracts, TypeModel? model = null, string? header = null) =>
        Export(serviceContracts, new ProtoExportOptions { Model = model, Header = header });

    /// <summary>The schema text of the given service contracts, which must share one protobuf package, with file options.</summary>
    /// <param name="serviceContracts">The <c>[ServiceContract]</c> interfaces, in the order their services appear.</param>
    /// <param name="options">The model, header and file options (<c>go_package</c>, <c>csharp_namespace</c>, <c>java_package</c>).</param>
    /// <returns>The schema, with <c>\n</c> line ends.</returns>
    /// <exception cref="InvalidOperationException">A contract has no operation, the services span several packages, or a type maps to <c>bcl.proto</c>.</exception>
    /// <exception cref="ArgumentException">A file option's value is one protoc or its generators would reject.</exception>
    public static string Export(IEnumerable<Type> serviceContracts, ProtoExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(serviceContracts);
        ArgumentNullException.ThrowIfNull(options);
        var header = options.Header;
        var model = options.Model ?? RuntimeTypeModel.Default;
        var contracts = serviceContracts.Select(contract => (Contract: contract, Operations: ContractReader.Read(contract))).ToList();
        var empty = contracts.FirstOrDefault(c => c.Operations.Count == 0);
        if (empty.Contract is not null)
        {
            throw new InvalidOperationException($"{empty.Contract.Name} has no gRPC operations protobuf-net.Grpc can bind.");
        }

        var packages = contracts.Select(c => c.Operations[0].Package).Distinct().ToList();
        if (packages.Count > 1)
        {
            throw new InvalidOperationException($"The services are in several protobuf packages ({string.Join(", ", packages)}); export each package on its own.");
        }

        var generation = new SchemaGenerationOptions
        {
            Syntax = ProtoSyntax.Proto3,
            Package = packages.SingleOrDefault() ?? "",
        };

        var routes = new Dictionary<string, HttpRouteAttribute>(StringComparer.Ordinal);
        var messageTypes = new List<Type>();
        foreach (var (_, operations) in contracts)
        {
            var service = new Service { Name = operations[0].ShortServiceName };
            foreach (var operation in operations)
            {
                if (operation.Route is { } route)
                {
                    routes[$"{service.Name}/{operation.MethodName}"] = route;
                }

                messageTypes.Add(operation.RequestType);
                messageTypes.Add(operation.ResponseType);

                service.Methods.Add(new ServiceMethod
                {
                    Name = operation.MethodName,
                    InputType = WellKnown(operation.RequestType),
                    OutputType = WellKnown(operation.ResponseType),
                    ClientStreaming = operation.Kind is MethodType.ClientStreaming or MethodType.DuplexStreaming,
                    ServerStreaming = operation.Kind is MethodType.ServerStreaming or MethodType.DuplexStreaming,
                });
            }

            generation.Services.Add(service);
        }

        var schema = model.GetSchema(generation).ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        if (schema.Contains("bcl.proto", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "The contracts use a .NET type that protobuf-net maps to bcl.proto (DateTime/TimeSpan below CompatibilityLevel 300, decimal, Guid), " +
                "which clients in other languages cannot use. Use CompatibilityLevel.Level300 (google.protobuf.Timestamp/Duration) or a proto3 type.\n" + schema);
        }

        schema = ValidationRuleWriter.AddFieldRules(schema, messageTypes);
        schema = FileOptionWriter.AddFileOptions(routes.Count == 0 ? schema : AddHttpOptions(schema, routes), options);
        return (header is null ? "" : header.ReplaceLineEndings("\n").TrimEnd('\n') + "\n") + schema;
    }

    /// <summary>
    /// The schema of the given service contracts as <paramref name="fileName"/>, followed by every file it imports, directly
    /// or not, at its import path (<c>validate/validate.proto</c>, <c>google/api/annotations.proto</c>,
    /// <c>google/protobuf/timestamp.proto</c> …) and the licence of each folder those come from: written into one folder, the
    /// set compiles with <c>protoc -I DIR DIR/fileName</c> and nothing else. The imported files are the toolkit's vendored,
    /// unchanged copies, the same that server reflection parses.
    /// </summary>
    /// <param name="serviceContracts">The <c>[ServiceContract]</c> interfaces, in the order their services appear.</param>
    /// <param name="fileName">The schema's path in the set, e.g. <c>services.proto</c>.</param>
    /// <param name="options">The model, header and file options; none when not given.</param>
    /// <returns>The schema first, then the imported <c>.proto</c> files by path, then the licences.</returns>
    /// <exception cref="InvalidOperationException">The schema cannot be exported (see <see cref="Export(IEnumerable{Type}, ProtoExportOptions)"/>) or imports a file the toolkit does not carry.</exception>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is not a relative <c>.proto</c> path, or a file option is invalid.</exception>
    public static IReadOnlyList<ProtoSchemaFile> ExportWithImports(IEnumerable<Type> serviceContracts, string fileName, ProtoExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (!fileName.EndsWith(".proto", StringComparison.Ordinal) || fileName.StartsWith('/') || fileName.Contains('\\', StringComparison.Ordinal)
            || fileName.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"\"{fileName}\" is not a relative .proto path with '/' separators (e.g. services.proto).", nameof(fileName));
        }

        var schema = Export(serviceContracts, options ?? new ProtoExportOptions());
        var imports = ProtoImportFiles.Closure(schema);
        if (imports.Any(file => file.Path == fileName))
        {
            throw new ArgumentException($"\"{fileName}\" is the path of a file the schema imports.", nameof(fileName));
        }

        return [new ProtoSchemaFile(fileName, schema), .. imports];
    }

    /// <summary>
    /// Writes each declared <see cref="HttpRouteAttribute"/> as <c>option (google.api.http)</c> on its rpc, as the tutorial's
    /// .proto does for grpc-gateway, and imports <c>google/api/annotations.proto</c>.
    /// </summary>
    private static string AddHttpOptions(string schema, IReadOnlyDictionary<string, HttpRouteAttribute> routes)
    {
        var lines = schema.Split('\n').ToList();
        var lastImport = lines.FindLastIndex(line => line.StartsWith("import ", StringComparison.Ordinal));
        lines.Insert(lastImport >= 0 ? lastImport + 1 : lines.FindIndex(line => line.StartsWith("package ", StringComparison.Ordinal)) + 1,
            "import \"google/api/annotations.proto\";");

        var output = new StringBuilder();
        string? service = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("service ", StringComparison.Ordinal))
            {
                service = line["service ".Length..].TrimEnd('{', ' ');
            }

            var rpc = RpcLine().Match(line);
            if (rpc.Success && routes.TryGetValue($"{service}/{rpc.Groups["name"].Value}", out var route))
            {
                output.Append(line[..^1]).Append(" {\n");
                output.Append("      option (google.api.http) = {\n");
                output.Append(CultureInfo.InvariantCulture, $"         {route.Method.ToLowerInvariant()}: \"{route.PathTemplate}\"\n");
                if (route.Body is not null)
                {
                    output.Append(CultureInfo.InvariantCulture, $"         body: \"{route.Body}\"\n");
                }

                if (route.ResponseBody is not null)
                {
                    output.Append(CultureInfo.InvariantCulture, $"         response_body: \"{route.ResponseBody}\"\n");
                }

                output.Append("      };\n   }\n");
                continue;
            }

            output.Append(line).Append('\n');
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    [GeneratedRegex(@"^\s+rpc (?<name>\w+) \(.*\);$")]
    private static partial Regex RpcLine();

    /// <summary>protobuf-net.Grpc's stand-in for "no argument" / "no result" is, on the wire, <c>google.protobuf.Empty</c>.</summary>
    private static Type WellKnown(Type messageType) =>
        messageType.FullName == "ProtoBuf.Grpc.Internal.Empty" ? typeof(ProtoBuf.WellKnownTypes.Empty) : messageType;
}
