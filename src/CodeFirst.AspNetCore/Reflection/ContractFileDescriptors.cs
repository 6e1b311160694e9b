extern alias ProtobufNetReflection;

using System.Text.RegularExpressions;
using CodeFirst.Model;
using CodeFirst.Schema;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ProtoBuf.Meta;
using WellKnown = Google.Protobuf.WellKnownTypes;
using ParsedFile = ProtobufNetReflection::Google.Protobuf.Reflection.FileDescriptorProto;
using ParsedFileSet = ProtobufNetReflection::Google.Protobuf.Reflection.FileDescriptorSet;
using ParserFileSystem = ProtobufNetReflection::Google.Protobuf.Reflection.IFileSystem;

namespace CodeFirst.AspNetCore.Reflection;

/// <summary>
/// The protobuf descriptors of code-first service contracts, which have no generated ones: the <c>.proto</c> set
/// <see cref="ProtoSchemaExporter.ExportWithImports"/> writes for each package (the schema and every file it imports,
/// the set <c>dotnet run -- proto</c> checks in), parsed with protobuf-net.Reflection, then built into Google.Protobuf
/// <see cref="FileDescriptor"/>s, the type gRPC server reflection serves.
/// </summary>
/// <remarks>
/// Imports are resolved, without touching the disk, from that exported set only: the toolkit's vendored copies of
/// <c>validate/validate.proto</c>, <c>google/api/*.proto</c> and <c>google/protobuf/*.proto</c>, so what reflection serves
/// is what a client compiles from the exported folder. The well-known files Google.Protobuf itself carries
/// (<c>google/protobuf/timestamp.proto</c>, <c>descriptor.proto</c> …) are served as Google.Protobuf's compiled
/// descriptors, byte for byte what protoc gives every generated client, rather than as the parser's reading of them.
/// </remarks>
internal static partial class ContractFileDescriptors
{
    /// <summary>A model of its own for the parser's descriptor types, so the application's default model never sees them.</summary>
    private static readonly RuntimeTypeModel DescriptorModel = RuntimeTypeModel.Create("CodeFirst.Reflection");

    private static readonly Dictionary<string, FileDescriptor> CompiledWellKnownFiles = new FileDescriptor[]
    {
        WellKnown.AnyReflection.Descriptor, WellKnown.ApiReflection.Descriptor, DescriptorReflection.Descriptor,
        WellKnown.DurationReflection.Descriptor, WellKnown.EmptyReflection.Descriptor, WellKnown.FieldMaskReflection.Descriptor,
        WellKnown.SourceContextReflection.Descriptor, WellKnown.StructReflection.Descriptor, WellKnown.TimestampReflection.Descriptor,
        WellKnown.TypeReflection.Descriptor, WellKnown.WrappersReflection.Descriptor,
    }.ToDictionary(file => file.Name, StringComparer.Ordinal);

    /// <summary>The name of the file that describes a package's services: <c>services.proto</c> for package <c>services</c>.</summary>
    /// <param name="package">The protobuf package.</param>
    public static string FileName(string package) => (package.Length == 0 ? "contracts" : package) + ".proto";

    /// <summary>
    /// Builds one file per protobuf package of <paramref name="serviceContracts"/> (named by <see cref="FileName"/>),
    /// each with its imports as <see cref="FileDescriptor.Dependencies"/>.
    /// </summary>
    /// <param name="serviceContracts">The <c>[ServiceContract]</c> interfaces.</param>
    /// <param name="exportOptions">The export's file options (<c>go_package</c> …), as the application's checked-in schema has them; none when not given.</param>
    /// <returns>The files of the contracts' packages, in the order their packages first appear.</returns>
    /// <exception cref="InvalidOperationException">The schema cannot be exported, or the exported text does not parse (the parser's errors are listed).</exception>
    public static IReadOnlyList<FileDescriptor> Build(IEnumerable<Type> serviceContracts, ProtoExportOptions? exportOptions = null)
    {
        ArgumentNullException.ThrowIfNull(serviceContracts);
        var packages = serviceContracts
            .Distinct()
            .GroupBy(contract => ContractReader.Read(contract) is [var first, ..] ? first.Package : "")
            .Select(package => ProtoSchemaExporter.ExportWithImports(package, FileName(package.Key), exportOptions))
            .ToList();

        var files = new ExportedProtos(packages.SelectMany(set => set));
        var set = new ParsedFileSet { FileSystem = files };
        // One import path, the root of the exported set: an import is looked up there first, then among the parser's own.
        set.AddImportPath("");
        foreach (var schema in packages.Select(set => set[0]))
        {
            set.Add(schema.Path, includeInOutput: true, new StringReader(WithoutExponentPlusSigns(schema.Content)));
        }

        set.Process();
        var errors = set.GetErrors().Where(error => error.IsError).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The schema exported from the service contracts does not parse:\n{string.Join('\n', errors)}\n{string.Join('\n', packages.Select(p => p[0].Content))}");
        }

        // Google.Protobuf wants every file after the files it imports.
        set.ApplyFileDependencyOrder();
        var built = FileDescriptor.BuildFromByteStrings(set.Files.Select(Serialize).ToList())
            .ToDictionary(file => file.Name, StringComparer.Ordinal);
        return [.. packages.Select(package => built[package[0].Path])];
    }

    /// <summary>
    /// <c>3.4028235e+38</c> written <c>3.4028235e38</c>, the same number. protobuf-net.Reflection's tokenizer (3.4.40, and
    /// still its main branch) reads <c>+</c> as a symbol of its own, so <c>e+38</c> fails to parse ("expected AlphaNumeric"),
    /// while the export writes such bounds (<c>[Finite]</c> floats: <c>lte: 3.4028235e+38</c>) as protoc accepts them.
    /// String literals and comments are left as they are.
    /// </summary>
    internal static string WithoutExponentPlusSigns(string schema) =>
        ExponentPlusSign().Replace(schema, match => match.Groups["plus"].Success ? "" : match.Value);

    [GeneratedRegex("""
        "(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|//[^\n]*|(?<=[0-9.][eE])(?<plus>\+)(?=[0-9])
        """)]
    private static partial Regex ExponentPlusSign();

    private static ByteString Serialize(ParsedFile file)
    {
        if (CompiledWellKnownFiles.TryGetValue(file.Name, out var compiled))
        {
            return compiled.SerializedData;
        }

        using var bytes = new MemoryStream();
        DescriptorModel.Serialize(bytes, file);
        return ByteString.CopyFrom(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    /// <summary>The parser's view of the exported files, by their import path.</summary>
    private sealed class ExportedProtos(IEnumerable<ProtoSchemaFile> files) : ParserFileSystem
    {
        private readonly Dictionary<string, string> _files = files
            .GroupBy(file => file.Path, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Content, StringComparer.Ordinal);

        public bool Exists(string path) => _files.ContainsKey(path);

        public TextReader OpenText(string path) =>
            new StringReader(_files.TryGetValue(path, out var content) ? content : throw new FileNotFoundException(null, path));
    }
}
