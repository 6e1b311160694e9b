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
/// The protobuf descriptors of code-first service contracts, which have no generated ones: the <c>.proto</c> text
/// <see cref="ProtoSchemaExporter"/> writes for each package (the text <c>dotnet run -- proto</c> checks in), parsed with
/// protobuf-net.Reflection together with every file it imports, then built into Google.Protobuf
/// <see cref="FileDescriptor"/>s, the type gRPC server reflection serves.
/// </summary>
/// <remarks>
/// Imports are resolved, without touching the disk, from: protobuf-net.Reflection's own embedded copies of
/// <c>google/protobuf/*</c>, <c>google/api/annotations.proto</c> and <c>google/api/http.proto</c> (verbatim googleapis
/// files, so the toolkit carries no copy of its own), and this assembly's <c>validate/validate.proto</c> (the
/// protoc-gen-validate rules of <c>protos/third_party</c>). The well-known files Google.Protobuf itself carries
/// (<c>google/protobuf/timestamp.proto</c>, <c>descriptor.proto</c> …) are served as Google.Protobuf's compiled
/// descriptors, byte for byte what protoc gives every generated client, rather than as the parser's reading of them.
/// </remarks>
internal static partial class ContractFileDescriptors
{
    /// <summary>The prefix of the logical names of the <c>.proto</c> files embedded in this assembly.</summary>
    internal const string ResourcePrefix = "CodeFirst.Protos/";

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
    /// <returns>The files of the contracts' packages, in the order their packages first appear.</returns>
    /// <exception cref="InvalidOperationException">The schema cannot be exported, or the exported text does not parse (the parser's errors are listed).</exception>
    public static IReadOnlyList<FileDescriptor> Build(IEnumerable<Type> serviceContracts)
    {
        ArgumentNullException.ThrowIfNull(serviceContracts);
        var packages = serviceContracts
            .Distinct()
            .GroupBy(contract => ContractReader.Read(contract) is [var first, ..] ? first.Package : "")
            .Select(package => (Name: FileName(package.Key), Schema: ProtoSchemaExporter.Export(package)))
            .ToList();

        var set = new ParsedFileSet { FileSystem = EmbeddedProtos.Instance };
        // One import path, the root of the embedded files: an import is looked up there first, then among the parser's own.
        set.AddImportPath("");
        foreach (var (name, schema) in packages)
        {
            set.Add(name, includeInOutput: true, new StringReader(WithoutExponentPlusSigns(schema)));
        }

        set.Process();
        var errors = set.GetErrors().Where(error => error.IsError).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The schema exported from the service contracts does not parse:\n{string.Join('\n', errors)}\n{string.Join('\n', packages.Select(p => p.Schema))}");
        }

        // Google.Protobuf wants every file after the files it imports.
        set.ApplyFileDependencyOrder();
        var built = FileDescriptor.BuildFromByteStrings(set.Files.Select(Serialize).ToList())
            .ToDictionary(file => file.Name, StringComparer.Ordinal);
        return [.. packages.Select(package => built[package.Name])];
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

    /// <summary>The parser's view of the <c>.proto</c> files embedded in this assembly, by their import path.</summary>
    private sealed class EmbeddedProtos : ParserFileSystem
    {
        public static readonly EmbeddedProtos Instance = new();

        private static readonly System.Reflection.Assembly Assembly = typeof(EmbeddedProtos).Assembly;

        private static readonly HashSet<string> Names = [.. Assembly.GetManifestResourceNames()];

        public bool Exists(string path) => Names.Contains(ResourcePrefix + path);

        public TextReader OpenText(string path) =>
            new StreamReader(Assembly.GetManifestResourceStream(ResourcePrefix + path) ?? throw new FileNotFoundException(null, path));
    }
}
