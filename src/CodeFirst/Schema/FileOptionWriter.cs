using System.Text.RegularExpressions;

namespace CodeFirst.Schema;

/// <summary>
/// Writes the file options of <see cref="ProtoExportOptions"/> (<c>go_package</c>, <c>csharp_namespace</c>,
/// <c>java_package</c>, <c>java_multiple_files</c>) after the imports, once they are checked: a value protoc or a
/// generator would reject fails the export with its name, rather than a client's build later.
/// </summary>
internal static partial class FileOptionWriter
{
    /// <summary>Inserts the options after the last <c>import</c> (or after <c>package</c>) of <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentException">An option's value is not one protoc and its generators accept.</exception>
    public static string AddFileOptions(string schema, ProtoExportOptions options)
    {
        var lines = new List<string>();
        if (options.GoPackage is { } goPackage)
        {
            // protoc-gen-go: an import path with a '.' or '/', optionally ";name" with a Go identifier.
            Require(GoPackagePattern().IsMatch(goPackage), nameof(options.GoPackage), goPackage,
                "an import path with a '/' or '.', optionally followed by ';name' (e.g. example.com/app/services;services)");
            lines.Add($"option go_package = \"{goPackage}\";");
        }

        if (options.CSharpNamespace is { } csharpNamespace)
        {
            Require(DottedIdentifier().IsMatch(csharpNamespace), nameof(options.CSharpNamespace), csharpNamespace, "dotted identifiers (e.g. Company.Product.Grpc)");
            lines.Add($"option csharp_namespace = \"{csharpNamespace}\";");
        }

        if (options.JavaPackage is { } javaPackage)
        {
            Require(DottedIdentifier().IsMatch(javaPackage), nameof(options.JavaPackage), javaPackage, "dotted identifiers (e.g. com.example.product)");
            lines.Add($"option java_package = \"{javaPackage}\";");
        }

        if (options.JavaMultipleFiles)
        {
            lines.Add("option java_multiple_files = true;");
        }

        if (lines.Count == 0)
        {
            return schema;
        }

        var schemaLines = schema.Split('\n').ToList();
        var anchor = schemaLines.FindLastIndex(line => line.StartsWith("import ", StringComparison.Ordinal));
        if (anchor < 0)
        {
            anchor = schemaLines.FindIndex(line => line.StartsWith("package ", StringComparison.Ordinal));
        }

        schemaLines.InsertRange(anchor + 1, lines);
        return string.Join('\n', schemaLines);
    }

    private static void Require(bool valid, string option, string value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentException($"{nameof(ProtoExportOptions)}.{option} \"{value}\" is not valid: expected {expected}.", option);
        }
    }

    [GeneratedRegex(@"^(?=[^;]*[./])[A-Za-z0-9_.~\-]+(?:/[A-Za-z0-9_.~\-]+)*(?:;[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex GoPackagePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex DottedIdentifier();
}
