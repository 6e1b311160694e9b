using System.Reflection;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Names a settings file for the user. The appsettings.json the host reads is a build copy of src/Host/appsettings.json;
/// the user edits the source, so an error in an unchanged copy names the source (and the copy it was read from).
/// </summary>
internal static class AppSettingsFile
{
    /// <summary>The source file recorded at build time (AssemblyMetadata ProdStock.SourceAppSettings).</summary>
    private static readonly string? Source = typeof(AppSettingsFile).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == "ProdStock.SourceAppSettings")?.Value;

    /// <summary>How to name <paramref name="path"/>, the file that was read.</summary>
    public static string Describe(string path) => Describe(path, Source);

    /// <summary>How to name <paramref name="path"/> when <paramref name="source"/> is the file it is built from.</summary>
    public static string Describe(string path, string? source)
    {
        if (source is null || !File.Exists(source) || !File.Exists(path) || !Path.GetFileName(path).Equals(Path.GetFileName(source), StringComparison.Ordinal)
            || Path.GetFullPath(path) == Path.GetFullPath(source))
        {
            return path;
        }

        return File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(source))
            ? $"{source} (read from its build copy {path})"
            : $"{path} (a build copy of {source}, which differs: rebuild, or edit the copy)";
    }
}
