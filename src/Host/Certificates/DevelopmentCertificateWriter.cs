using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

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

    /// <summary>
    /// Issues one more client certificate, CN <paramref name="name"/>, signed by the CA in <paramref name="folder"/>
    /// (<c>ca.pem</c>, <c>ca.key</c>), with the same <c>clientAuth</c> usage, names and lifetime (never past the CA's) as
    /// <c>client.pem</c>, and writes it as <c>{name}.pem</c> and <c>{name}.key</c>. Without <paramref name="force"/>
    /// nothing is written when either file exists. An <see cref="IOException"/> names what is missing or in the way.
    /// </summary>
    public static IReadOnlyList<string> WriteClient(string folder, string name, bool force, TimeProvider clock)
    {
        var caCertificate = Path.Combine(folder, "ca.pem");
        var caKey = Path.Combine(folder, "ca.key");
        var missing = new[] { caCertificate, caKey }.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            throw new IOException(
                $"The CA to sign with is missing ({string.Join(", ", missing)}). Create it with 'certs --out {folder}' first, " +
                "or pass --out with the folder that holds ca.pem and ca.key.");
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
