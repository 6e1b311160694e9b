using CodeFirst.Schema;

namespace ProdStock.Host.Commands;

/// <summary>
/// Writes an exported schema set into a folder, each file at its import path, so that <c>protoc -I DIR DIR/services.proto</c>
/// compiles with nothing else. Files of the set are overwritten; nothing else in the folder is touched.
/// </summary>
internal static class SchemaFolderWriter
{
    /// <summary>Writes <paramref name="files"/> under <paramref name="folder"/>, creating the folders they need.</summary>
    /// <returns>The full paths written, in the order of <paramref name="files"/>.</returns>
    /// <exception cref="IOException">A file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">A folder or file may not be written.</exception>
    public static async Task<IReadOnlyList<string>> WriteAsync(string folder, IEnumerable<ProtoSchemaFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(files);
        var root = Path.GetFullPath(folder);
        var written = new List<string>();
        foreach (var file in files)
        {
            // The paths are the exporter's relative import paths; resolved here so none can leave the folder.
            var path = Path.GetFullPath(Path.Combine(root, file.Path));
            if (!path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new IOException($"{file.Path} is outside {root}.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }
}
