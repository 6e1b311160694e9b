namespace ProdStock.Host.Certificates;

/// <summary>
/// Where the CA's private key is kept: in a folder of its own (by default <c>ca/</c> inside the certificate folder,
/// mode 0700), never beside the files the server reads (<c>ca.pem</c>, <c>server.pem</c>, <c>server.key</c>). Whoever
/// holds the CA key can issue client certificates the server accepts, so it belongs offline once certificates are
/// issued; a copy of the server's folder must not carry it along.
/// </summary>
internal static class CaKeyLocation
{
    /// <summary>The file name of the CA key.</summary>
    public const string FileName = "ca.key";

    /// <summary>The folder, inside the certificate folder, that holds the CA key unless another is given.</summary>
    public const string DefaultSubfolder = "ca";

    private const UnixFileMode PrivateFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The CA key's path: in <paramref name="caKeyFolder"/>, or else in <c>ca/</c> inside <paramref name="certificateFolder"/>.</summary>
    public static string PathIn(string certificateFolder, string? caKeyFolder) =>
        Path.Combine(caKeyFolder ?? Path.Combine(certificateFolder, DefaultSubfolder), FileName);

    /// <summary>Where earlier versions wrote the CA key: beside the server's files.</summary>
    public static string LegacyPath(string certificateFolder) => Path.Combine(certificateFolder, FileName);

    /// <summary>Creates the folder of <paramref name="keyPath"/>, readable by its owner only when it is new.</summary>
    public static void CreateFolderOf(string keyPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(keyPath))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, PrivateFolderMode);
        }
    }
}
