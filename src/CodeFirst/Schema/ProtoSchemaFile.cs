namespace CodeFirst.Schema;

/// <summary>One file of an exported schema set: the schema itself, a file it imports, or the licence of imported files.</summary>
public sealed class ProtoSchemaFile
{
    /// <summary>Creates a file of a schema set.</summary>
    /// <param name="path">The path relative to the set's folder, with <c>/</c> separators: the import path of a <c>.proto</c> file.</param>
    /// <param name="content">The text, written as it is.</param>
    public ProtoSchemaFile(string path, string content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        Path = path;
        Content = content;
    }

    /// <summary>The path relative to the set's folder, with <c>/</c> separators: the import path of a <c>.proto</c> file.</summary>
    public string Path { get; }

    /// <summary>The text, written as it is (vendored files keep their own line ends).</summary>
    public string Content { get; }

    /// <inheritdoc />
    public override string ToString() => Path;
}
