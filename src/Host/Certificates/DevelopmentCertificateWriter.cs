using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProdStock.Host.Certificates;

/// <summary>
/// Writes a <see cref="DevelopmentCertificateSet"/> as <c>ca.pem</c>, <c>server</c> and <c>client</c> PEM files, and the
/// CA key apart from them (<see cref="CaKeyLocation"/>).
/// </summary>
internal static class DevelopmentCertificateWriter
{
    /// <summary>The files written into the certificate folder: all but the CA key.</summary>
    public static readonly IReadOnlyList<string> FileNames = ["ca.pem", "server.pem", "server.key", "client.pem", "client.key"];

    /// <summary>
    /// Creates a new set in <paramref name="folder"/>, the CA key in <paramref name="caKeyFolder"/> (default
    /// <c>ca/</c> inside <paramref name="folder"/>). Without <paramref name="force"/> nothing is written when any of the
    /// files exists (a CA key left beside the others by an earlier version included), and an <see cref="IOException"/>
    /// names them; with it, such a left-over CA key of the replaced CA is deleted.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, bool force, TimeProvider clock, string? caKeyFolder = null)
    {
        var caKey = CaKeyLocation.PathIn(folder, caKeyFolder);
        var legacyCaKey = CaKeyLocation.LegacyPath(folder);
        if (string.Equals(Path.GetFullPath(caKey), Path.GetFullPath(legacyCaKey), StringComparison.Ordinal))
        {
            throw new IOException($"The CA key must not be written beside the server's files in {folder}; choose another folder for it.");
        }

        var existing = FileNames.Select(name => Path.Combine(folder, name)).Append(caKey).Append(legacyCaKey).Distinct().Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new IOException($"Certificate files already exist and are kept: {string.Join(", ", existing)}. Use --force to replace them.");
        }

        Directory.CreateDirectory(folder);
        CaKeyLocation.CreateFolderOf(caKey);
        using var set = DevelopmentCertificateSet.Create(clock);
        var written = new List<string>(FileNames.Count + 1);
        written.AddRange(PemFiles.Write(set.Authority, folder, "ca", force, keyFolder: Path.GetDirectoryName(caKey)));
        written.AddRange(PemFiles.Write(set.Server, folder, "server", force));
        written.AddRange(PemFiles.Write(set.Client, folder, "client", force));
        File.Delete(legacyCaKey); // with --force: the left-over key of the CA just replaced

        return written;
    }

    /// <summary>
    /// Issues one more client certificate, CN <paramref name="name"/>, signed by the CA of <paramref name="folder"/>
    /// (<c>ca.pem</c> there, the key in <paramref name="caKeyFolder"/>, default <c>ca/</c> inside <paramref name="folder"/>),
    /// with the same <c>clientAuth</c> usage, names and lifetime (never past the CA's) as <c>client.pem</c>, and writes it
    /// as <c>{name}.pem</c> and <c>{name}.key</c>. A CA key still beside the server's files (an earlier version's
    /// layout) is used when no folder is given and the default holds none, and <paramref name="warn"/> says to move it.
    /// Without <paramref name="force"/> nothing is written when either file exists. An <see cref="IOException"/> names
    /// what is missing or in the way.
    /// </summary>
    public static IReadOnlyList<string> WriteClient(string folder, string name, bool force, TimeProvider clock, string? caKeyFolder = null, Action<string>? warn = null)
    {
        var caCertificate = Path.Combine(folder, "ca.pem");
        var caKey = CaKeyLocation.PathIn(folder, caKeyFolder);
        if (caKeyFolder is null && !File.Exists(caKey) && File.Exists(CaKeyLocation.LegacyPath(folder)))
        {
            warn?.Invoke(
                $"the CA key {CaKeyLocation.LegacyPath(folder)} sits beside the server's files; move it to {caKey} " +
                "(or keep it offline and pass --ca-key-dir): whoever can read it can issue client certificates.");
            caKey = CaKeyLocation.LegacyPath(folder);
        }

        var missing = new[] { caCertificate, caKey }.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            throw new IOException(
                $"The CA to sign with is missing ({string.Join(", ", missing)}). Create it with 'certs --out {folder}' first, " +
                "or pass --out with the folder that holds ca.pem and --ca-key-dir with the folder that holds ca.key.");
        }

        var existing = new[] { name + ".pem", name + ".key" }.Select(file => Path.Combine(folder, file)).Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new IOException($"Certificate files already exist and are kept: {string.Join(", ", existing)}. Use --force to replace them.");
        }

        X509Certificate2 authority;
        try
        {
            authority = X509Certificate2.CreateFromPemFile(caCertificate, caKey);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new IOException($"The CA in {folder} could not be read ({caCertificate}, {caKey}): {ex.Message}", ex);
        }

        using (authority)
        {
            var now = clock.GetUtcNow();
            var notAfter = now.Add(DevelopmentCertificateSet.Lifetime);
            var authorityNotAfter = new DateTimeOffset(authority.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (authorityNotAfter <= now)
            {
                throw new IOException($"The CA {caCertificate} expired on {authorityNotAfter:u}; create a new set with 'certs --out {folder} --force'.");
            }

            using var client = CertificateIssuer.IssueClient(authority, name, now.AddHours(-1), notAfter < authorityNotAfter ? notAfter : authorityNotAfter);
            return PemFiles.Write(client, folder, name, force);
        }
    }
}
