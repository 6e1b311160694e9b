using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProdStock.Host.Certificates;

/// <summary>Reads and writes certificates and private keys as PEM files; private keys are created with mode 0600.</summary>
internal static class PemFiles
{
    private const UnixFileMode PrivateKeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes <c>{name}.pem</c> into <paramref name="folder"/> and, when the certificate has a private key,
    /// <c>{name}.key</c> into <paramref name="keyFolder"/> (by default the same folder).
    /// </summary>
    public static IReadOnlyList<string> Write(X509Certificate2 certificate, string folder, string name, bool overwrite, string? keyFolder = null)
    {
        var written = new List<string>(2);
        var certificatePath = Path.Combine(folder, name + ".pem");
        WriteText(certificatePath, certificate.ExportCertificatePem() + "\n", overwrite, isPrivate: false);
        written.Add(certificatePath);

        var key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey();
        if (key is not null)
        {
            using (key)
            {
                var keyPath = Path.Combine(keyFolder ?? folder, name + ".key");
                WriteText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n", overwrite, isPrivate: true);
                written.Add(keyPath);
            }
        }

        return written;
    }

    /// <summary>Loads a certificate with its private key from a PEM certificate file and a PEM key file.</summary>
    public static X509Certificate2 LoadWithKey(string certificatePath, string keyPath)
    {
        using var fromPem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Loads the first certificate of a PEM file (no private key).</summary>
    public static X509Certificate2 LoadCertificate(string certificatePath) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));

    private static void WriteText(string path, string text, bool overwrite, bool isPrivate)
    {
        if (!overwrite || !File.Exists(path))
        {
            Create(path, text, isPrivate);
            return;
        }

        // Replace through a new file (created with its final mode) and a rename, so the new content, a private key
        // included, is never readable under the old file's permissions, not even for a moment.
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Create(temporary, text, isPrivate);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void Create(string path, string text, bool isPrivate)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (isPrivate && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateKeyMode;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
