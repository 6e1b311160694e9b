using ProtoBuf.Meta;

namespace CodeFirst.Schema;

/// <summary>
/// How <see cref="ProtoSchemaExporter"/> writes a schema: the protobuf-net model, a header comment, and the file options
/// that code generators in other languages read. The options change generated code only, never the wire: the protobuf
/// package, and so every message name and gRPC path, comes from the contracts.
/// </summary>
public sealed class ProtoExportOptions
{
    /// <summary>The protobuf-net model; <see cref="RuntimeTypeModel.Default"/> when <see langword="null"/> (the default).</summary>
    public TypeModel? Model { get; set; }

    /// <summary>Comment lines written first (e.g. how to regenerate the file); none when <see langword="null"/> (the default).</summary>
    public string? Header { get; set; }

    /// <summary>
    /// <c>option go_package</c>: the Go import path of the generated package, optionally followed by <c>;name</c>
    /// (e.g. <c>example.com/app/services;services</c>). protoc-gen-go refuses a file without one unless told with <c>M</c>
    /// flags. Not written when <see langword="null"/> (the default).
    /// </summary>
    public string? GoPackage { get; set; }

    /// <summary><c>option csharp_namespace</c>: the namespace of Grpc.Tools' generated classes, dotted identifiers. Not written when <see langword="null"/> (the default).</summary>
    public string? CSharpNamespace { get; set; }

    /// <summary><c>option java_package</c>: the Java package of the generated classes, dotted identifiers. Not written when <see langword="null"/> (the default).</summary>
    public string? JavaPackage { get; set; }

    /// <summary><c>option java_multiple_files = true</c>: one Java file per message and service instead of one outer class. Default <see langword="false"/> (not written).</summary>
    public bool JavaMultipleFiles { get; set; }
}
