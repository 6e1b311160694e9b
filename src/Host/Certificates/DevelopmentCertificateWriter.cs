namespace ProdStock.Host.Certificates;

/// <summary>Writes a <see cref="DevelopmentCertificateSet"/> as <c>ca</c>, <c>server</c> and <c>client</c> PEM files.</summary>
internal static class DevelopmentCertificateWriter
{
    public static readonly IReadOnlyList<string> FileNames = ["ca.pem", "ca.key", "server.pem", "server.key", "client.pem", "client.key"];

    /// <summary>
    /// Creates a new set in <paramref name="folder"/>. Without <paramref name="force"/> nothing is written when any of
    /// the files exists, and an <see cref="IOException"/> names them.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, bool force, TimeProvider clock)
    {
        Directory.CreateDirectory(folder);
        var existing = FileNames.Select(name => Path.Combine(folder, name)).Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new IOException($"Certificate files already exist and are kept: {string.Join(", ", existing)}. Use --force to replace them.");
        }

        using var set = DevelopmentCertificateSet.Create(clock);
        var written = new List<string>(FileNames.Count);
        written.AddRange(PemFiles.Write(set.Authority, folder, "ca", force));
        written.AddRange(PemFiles.Write(set.Server, folder, "server", force));
        written.AddRange(PemFiles.Write(set.Client, folder, "client", force));
        return written;
    }
}
