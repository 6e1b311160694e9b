using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using ProdStock.Host.Certificates;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Certificates;

[UnsupportedOSPlatform("windows")]
public sealed class DevelopmentCertificateWriterTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly string[] FileNames = ["ca.pem", "ca/ca.key", "server.pem", "server.key", "client.pem", "client.key"];

    private readonly TempFolder _folder = new();
    private readonly FakeClock _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, byte[]> ReadAll(string folder) =>
        FileNames.Where(name => File.Exists(Path.Combine(folder, name)))
            .ToDictionary(name => name, name => File.ReadAllBytes(Path.Combine(folder, name)));

    [Fact]
    public void Write_EmptyFolder_WritesSixFilesAndReturnsTheirPaths()
    {
        // Act
        var written = DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);

        // Assert
        written.Should().BeEquivalentTo(FileNames.Select(name => _folder.Combine(name)));
        written.Should().OnlyContain(path => File.Exists(path) && new FileInfo(path).Length > 0);
    }

    [Fact]
    public void Write_MissingFolder_CreatesIt()
    {
        // Arrange
        var folder = _folder.Combine("a", "b");

        // Act
        DevelopmentCertificateWriter.Write(folder, force: false, _clock);

        // Assert
        FileNames.Should().OnlyContain(name => File.Exists(Path.Combine(folder, name)));
    }

    [Fact]
    public void Write_EmptyFolder_GivesKeysMode0600()
    {
        // Act
        DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);

        // Assert
        foreach (var key in new[] { "ca/ca.key", "server.key", "client.key" })
        {
            File.GetUnixFileMode(_folder.Combine(key)).Should().Be(OwnerReadWrite, key);
        }
    }

    [Fact]
    public void Write_EmptyFolder_WritesPemCertificatesAndPkcs8Keys()
    {
        // Act
        DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);

        // Assert
        foreach (var name in new[] { "ca", "server", "client" })
        {
            File.ReadAllText(_folder.Combine(name + ".pem")).Should().Contain("-----BEGIN CERTIFICATE-----");
            File.ReadAllText(_folder.Combine(name == "ca" ? "ca/ca.key" : name + ".key")).Should().Contain("-----BEGIN " + "PRIVATE KEY-----"); // split so no key-looking text sits in the repository
        }
    }

    [Fact]
    public void Write_EmptyFolder_WritesServerAndClientCertificatesSignedByTheWrittenCa()
    {
        // Act
        DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);

        // Assert
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(_folder.Combine("ca.pem")));
        using var server = X509Certificate2.CreateFromPemFile(_folder.Combine("server.pem"), _folder.Combine("server.key"));
        using var client = X509Certificate2.CreateFromPemFile(_folder.Combine("client.pem"), _folder.Combine("client.key"));
        server.HasPrivateKey.Should().BeTrue();
        client.HasPrivateKey.Should().BeTrue();
        server.ChainsTo(authority).Should().BeTrue();
        client.ChainsTo(authority).Should().BeTrue();
        server.ExtendedKeyUsages().Should().Equal(CertificateIssuer.ServerAuth.Value);
        client.ExtendedKeyUsages().Should().Equal(CertificateIssuer.ClientAuth.Value);
    }

    [Fact]
    public void Write_FilesExistWithoutForce_ThrowsIOExceptionNamingThemAndKeepsThem()
    {
        // Arrange
        DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);
        var before = ReadAll(_folder.Path);

        // Act
        var act = () => DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);

        // Assert
        var message = act.Should().Throw<IOException>().Which.Message;
        foreach (var name in FileNames)
        {
            message.Should().Contain(_folder.Combine(name));
        }

        ReadAll(_folder.Path).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Write_OneFileExistsWithoutForce_ThrowsAndWritesNothing()
    {
        // Arrange
        File.WriteAllText(_folder.Combine("server.key"), "mine");

        // Act
        var act = () => DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);

        // Assert
        act.Should().Throw<IOException>().Which.Message.Should().Contain(_folder.Combine("server.key"));
        Directory.GetFiles(_folder.Path).Should().Equal(_folder.Combine("server.key"));
        File.ReadAllText(_folder.Combine("server.key")).Should().Be("mine");
    }

    [Fact]
    public void Write_FilesExistWithForce_ReplacesThemAndKeepsKeysMode0600()
    {
        // Arrange
        DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);
        var before = ReadAll(_folder.Path);
        File.SetUnixFileMode(_folder.Combine("client.key"), OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        // Act
        DevelopmentCertificateWriter.Write(_folder.Path, force: true, _clock);

        // Assert
        var after = ReadAll(_folder.Path);
        after.Keys.Should().BeEquivalentTo(FileNames);
        foreach (var name in FileNames)
        {
            after[name].Should().NotEqual(before[name], name);
        }

        foreach (var key in new[] { "ca/ca.key", "server.key", "client.key" })
        {
            File.GetUnixFileMode(_folder.Combine(key)).Should().Be(OwnerReadWrite, key);
        }
    }

    [Fact]
    public void Write_EmptyFolder_KeepsTheCaKeyApartInAFolder0700()
    {
        // Act
        DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);

        // Assert
        File.Exists(_folder.Combine("ca.key")).Should().BeFalse("nothing beside the server's files can sign client certificates");
        Directory.GetFiles(_folder.Combine("ca")).Should().Equal(_folder.Combine("ca", "ca.key"));
        File.GetUnixFileMode(_folder.Combine("ca")).Should().Be(OwnerReadWrite | UnixFileMode.UserExecute);
        using var authority = X509Certificate2.CreateFromPemFile(_folder.Combine("ca.pem"), _folder.Combine("ca", "ca.key"));
        authority.HasPrivateKey.Should().BeTrue("ca.pem and ca/ca.key are one CA");
    }

    [Fact]
    public void Write_CaKeyFolderGiven_WritesTheKeyThereOnly()
    {
        // Arrange
        using var offline = new TempFolder();

        // Act
        var written = DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock, caKeyFolder: offline.Combine("keys"));

        // Assert
        written.Should().Contain(offline.Combine("keys", "ca.key"));
        File.Exists(offline.Combine("keys", "ca.key")).Should().BeTrue();
        Directory.Exists(_folder.Combine("ca")).Should().BeFalse();
        File.Exists(_folder.Combine("ca.key")).Should().BeFalse();
    }

    [Fact]
    public void Write_CaKeyFolderIsTheCertificateFolder_ThrowsAndWritesNothing()
    {
        // Act
        var act = () => DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock, caKeyFolder: _folder.Path);

        // Assert
        act.Should().Throw<IOException>().Which.Message.Should().Contain("must not be written beside the server's files");
        Directory.EnumerateFileSystemEntries(_folder.Path).Should().BeEmpty();
    }

    [Fact]
    public void Write_CaKeyBesideFromAnEarlierVersion_IsKeptWithoutForceAndDeletedWithForce()
    {
        // Arrange
        File.WriteAllText(_folder.Combine("ca.key"), "old");

        // Act
        var withoutForce = () => DevelopmentCertificateWriter.Write(_folder.Path, force: false, _clock);
        withoutForce.Should().Throw<IOException>().Which.Message.Should().Contain(_folder.Combine("ca.key"));
        File.ReadAllText(_folder.Combine("ca.key")).Should().Be("old");
        DevelopmentCertificateWriter.Write(_folder.Path, force: true, _clock);

        // Assert
        File.Exists(_folder.Combine("ca.key")).Should().BeFalse("the replaced CA's key must not stay beside the server's files");
        File.Exists(_folder.Combine("ca", "ca.key")).Should().BeTrue();
    }
}
