using System.Text.RegularExpressions;

namespace CodeFirst.Schema;

/// <summary>
/// The vendored <c>.proto</c> files an exported schema may import (<c>Schema/Imports</c>, embedded in this assembly), and
/// the closure of a schema's imports over them, so that the written set compiles with nothing else on protoc's path.
/// </summary>
internal static partial class ProtoImportFiles
{
    private const string ResourcePrefix = "CodeFirst.Schema.Imports/";
    private const string LicenceFileName = "LICENSE";

    private static readonly System.Reflection.Assembly Assembly = typeof(ProtoImportFiles).Assembly;

    /// <summary>The vendored files by path (<c>google/protobuf/timestamp.proto</c>, <c>validate/LICENSE</c> …).</summary>
    private static readonly Dictionary<string, string> Files = Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .ToDictionary(name => name[ResourcePrefix.Length..].Replace('\\', '/'), Read, StringComparer.Ordinal);

    /// <summary>The vendored file at <paramref name="path"/>, if there is one.</summary>
    public static bool TryGet(string path, out string content) => Files.TryGetValue(path, out content!);

    /// <summary>
    /// Every vendored file <paramref name="schema"/> imports, directly or through another, ordered by path; then the licence
    /// of every folder a file was taken from.
    /// </summary>
    /// <exception cref="InvalidOperationException">An import is not vendored, so the set would not compile on its own.</exception>
    public static IReadOnlyList<ProtoSchemaFile> Closure(string schema)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pending = new Queue<(string Importer, string Path)>(Imports(schema).Select(path => ("the schema", path)));
        while (pending.TryDequeue(out var next))
        {
            if (found.ContainsKey(next.Path))
            {
                continue;
            }

            if (!Files.TryGetValue(next.Path, out var content))
            {
                throw new InvalidOperationException(
                    $"{next.Importer} imports \"{next.Path}\", which the toolkit does not carry (vendored: {string.Join(", ", Files.Keys.Where(k => k.EndsWith(".proto", StringComparison.Ordinal)))}).");
            }

            found.Add(next.Path, content);
            foreach (var import in Imports(content))
            {
                pending.Enqueue((next.Path, import));
            }
        }

        var licences = found.Keys
            .Select(path => path.Contains('/', StringComparison.Ordinal) ? path[..(path.LastIndexOf('/') + 1)] + LicenceFileName : LicenceFileName)
            .Distinct(StringComparer.Ordinal)
            .Where(Files.ContainsKey)
            .Order(StringComparer.Ordinal);
        return [.. found.Select(file => new ProtoSchemaFile(file.Key, file.Value)), .. licences.Select(path => new ProtoSchemaFile(path, Files[path]))];
    }

    /// <summary>The paths of the <c>import</c> statements of <paramref name="proto"/> (plain, <c>public</c> and <c>weak</c>).</summary>
    internal static IEnumerable<string> Imports(string proto) =>
        ImportStatement().Matches(proto).Select(match => match.Groups["path"].Value);

    private static string Read(string resourceName)
    {
        using var reader = new StreamReader(Assembly.GetManifestResourceStream(resourceName)!);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("""^\s*import\s+(?:public\s+|weak\s+)?"(?<path>[^"]+)"\s*;""", RegexOptions.Multiline)]
    private static partial Regex ImportStatement();
}
