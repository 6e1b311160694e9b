using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using ProdStock.ClientSdk;
using ProdStock.Host.Certificates;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.ClientSdk;

public sealed class ProdStockClientTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly X509Certificate2 _authority;
    private readonly X509Certificate2 _client;

    public ProdStockClientTests()
    {
        var now = DateTimeOffset.UtcNow;
        _authority = CertificateIssuer.CreateAuthority("Client Test CA", now.AddDays(-1), now.AddDays(30));
        _client = CertificateIssuer.IssueClient(_authority, "client", now.AddHours(-1), now.AddDays(10));
        PemFiles.Write(_authority, _folder.Path, "ca", overwrite: false);
        PemFiles.Write(_client, _folder.Path, "client", overwrite: false);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _client.Dispose();
        _folder.Dispose();
    }

    /// <summary>Options that are complete and valid; each failure test breaks exactly one setting.</summary>
    private ProdStockClientOptions ValidOptions() => new()
    {
        Address = new Uri("https://localhost:1"),
        CaCertificatePath = _folder.Combine("ca.pem"),
        ClientCertificatePath = _folder.Combine("client.pem"),
        ClientKeyPath = _folder.Combine("client.key"),
    };

    private static string ValidationMessage(ProdStockClientOptions options)
    {
        var act = () => new ProdStockClient(options);
        return act.Should().Throw<OptionsValidationException>().Which.Message;
    }

    [Fact]
    public void Constructor_ValidPemFiles_CreatesTypedClients()
    {
        // Act
        using var client = new ProdStockClient(ValidOptions());

        // Assert
        client.Products.Should().NotBeNull();
        client.Orders.Should().NotBeNull();
        client.Users.Should().NotBeNull();
        client.Inventory.Should().NotBeNull();
    }

    [Fact]
    public void Constructor_ExpiredClientCertificate_ThrowsNamingFileAndDate()
    {
        var now = DateTimeOffset.UtcNow;
        using var expired = CertificateIssuer.IssueClient(_authority, "old", now.AddDays(-10), now.AddDays(-1));
        PemFiles.Write(expired, _folder.Path, "old", overwrite: false);
        var options = ValidOptions();
        options.ClientCertificatePath = _folder.Combine("old.pem");
        options.ClientKeyPath = _folder.Combine("old.key");

        var act = () => new ProdStockClient(options);

        act.Should().Throw<InvalidOperationException>().WithMessage($"*{_folder.Combine("old.pem")}*expired on {now.AddDays(-1):yyyy-MM-dd}*");
    }

    [Fact]
    public void Constructor_ClientCertificateWithoutClientAuth_ThrowsSayingTheServerRefusesIt()
    {
        var now = DateTimeOffset.UtcNow;
        using var serverOnly = CertificateIssuer.IssueServer(_authority, now.AddHours(-1), now.AddDays(1));
        PemFiles.Write(serverOnly, _folder.Path, "server", overwrite: false);
        var options = ValidOptions();
        options.ClientCertificatePath = _folder.Combine("server.pem");
        options.ClientKeyPath = _folder.Combine("server.key");

        var act = () => new ProdStockClient(options);

        act.Should().Throw<InvalidOperationException>().WithMessage("*server.pem*lack clientAuth*");
    }

    [Fact]
    public void Constructor_NotYetValidCertificateObject_ThrowsNamingTheOption()
    {
        var now = DateTimeOffset.UtcNow;
        using var future = CertificateIssuer.IssueClient(_authority, "future", now.AddDays(1), now.AddDays(2));
        var options = ValidOptions();
        options.ClientCertificate = future;

        var act = () => new ProdStockClient(options);

        act.Should().Throw<InvalidOperationException>().WithMessage("*ProdStockClientOptions.ClientCertificate*not valid before*");
    }

    [Fact]
    public void Create_CertificateObjectsAndInfiniteDeadline_CreatesClient()
    {
        // Act
        using var client = ProdStockClient.Create(o =>
        {
            o.CaCertificate = _authority;
            o.ClientCertificate = _client;
            o.DefaultDeadline = Timeout.InfiniteTimeSpan;
            o.RetryReadOnlyCalls = false;
        });

        // Assert
        client.Products.Should().NotBeNull();
    }

    [Fact]
    public void Constructor_MissingCaCertificate_ThrowsNamingCaCertificatePath()
    {
        // Arrange
        var options = ValidOptions();
        options.CaCertificatePath = null;

        // Act
        var message = ValidationMessage(options);

        // Assert
        message.Should().Contain("CaCertificatePath").And.NotContain("ClientCertificatePath");
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Constructor_MissingClientCertificateOrKey_ThrowsNamingClientCertificatePath(bool certificateMissing, bool keyMissing)
    {
        // Arrange
        var options = ValidOptions();
        options.ClientCertificatePath = certificateMissing ? " " : options.ClientCertificatePath;
        options.ClientKeyPath = keyMissing ? null : options.ClientKeyPath;

        // Act
        var message = ValidationMessage(options);

        // Assert
        message.Should().Contain("ClientCertificatePath").And.Contain("ClientKeyPath").And.NotContain("CaCertificatePath");
    }

    [Theory]
    [InlineData("http://localhost:10086")]
    [InlineData("/relative")]
    public void Constructor_AddressNotHttps_ThrowsNamingAddress(string address)
    {
        // Arrange
        var options = ValidOptions();
        options.Address = new Uri(address, UriKind.RelativeOrAbsolute);

        // Act
        var message = ValidationMessage(options);

        // Assert
        message.Should().Contain("Address").And.Contain("https");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void Constructor_DefaultDeadlineNotPositive_ThrowsNamingDefaultDeadline(int milliseconds)
    {
        // Arrange
        var options = ValidOptions();
        options.DefaultDeadline = TimeSpan.FromMilliseconds(milliseconds);

        // Act
        var message = ValidationMessage(options);

        // Assert
        message.Should().Contain("DefaultDeadline");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(9)]
    public void Constructor_MaxRetryAttemptsOutsideTwoToFive_ThrowsNamingMaxRetryAttempts(int attempts)
    {
        // Arrange
        var options = ValidOptions();
        options.MaxRetryAttempts = attempts;

        // Act
        var message = ValidationMessage(options);

        // Assert
        message.Should().Contain("MaxRetryAttempts").And.NotContain("DefaultDeadline");
    }

    [Fact]
    public void Constructor_SeveralProblems_NamesEachSetting()
    {
        // Arrange
        var options = new ProdStockClientOptions { Address = new Uri("http://localhost"), DefaultDeadline = TimeSpan.Zero, MaxRetryAttempts = 9 };

        // Act
        var message = ValidationMessage(options);

        // Assert
        message.Should().ContainAll("Address", "CaCertificatePath", "ClientCertificatePath", "DefaultDeadline", "MaxRetryAttempts");
    }

    [Fact]
    public void Constructor_CaPathDoesNotExist_ThrowsInvalidOperationNamingThePath()
    {
        // Arrange
        var options = ValidOptions();
        options.CaCertificatePath = _folder.Combine("missing", "ca.pem");

        // Act
        var act = () => new ProdStockClient(options);

        // Assert
        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain(options.CaCertificatePath);
    }

    [Fact]
    public void Constructor_ClientCertificateWithoutPrivateKey_ThrowsInvalidOperation()
    {
        // Arrange
        using var publicOnly = X509CertificateLoader.LoadCertificate(_client.RawData);
        var options = ValidOptions();
        options.ClientCertificate = publicOnly;

        // Act
        var act = () => new ProdStockClient(options);

        // Assert
        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("private key");
    }

    [Fact]
    public void Constructor_KeyOfAnotherCertificate_ThrowsNamingTheFilesAndTheMismatch()
    {
        // Arrange: a key file that belongs to another client certificate of the same CA.
        var now = DateTimeOffset.UtcNow;
        using var other = CertificateIssuer.IssueClient(_authority, "other", now.AddHours(-1), now.AddDays(10));
        PemFiles.Write(other, _folder.Path, "other", overwrite: false);
        var options = ValidOptions();
        options.ClientKeyPath = _folder.Combine("other.key");

        // Act
        var act = () => new ProdStockClient(options);

        // Assert
        act.Should().Throw<InvalidOperationException>().Which.Message.Should()
            .Contain(options.ClientCertificatePath).And.Contain(options.ClientKeyPath).And.ContainEquivalentOf("key");
    }

    [Fact]
    public void Constructor_CaFileThatIsNotACertificate_ThrowsNamingThePath()
    {
        // Arrange
        var options = ValidOptions();
        options.CaCertificatePath = _folder.Combine("not-a-ca.pem");
        File.WriteAllText(options.CaCertificatePath, "this is not PEM");

        // Act
        var act = () => new ProdStockClient(options);

        // Assert
        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain(options.CaCertificatePath);
    }

    [Fact]
    public void Constructor_EmptyClientKeyFile_ThrowsNamingThePath()
    {
        // Arrange
        var options = ValidOptions();
        options.ClientKeyPath = _folder.Combine("empty.key");
        File.WriteAllText(options.ClientKeyPath, "");

        // Act
        var act = () => new ProdStockClient(options);

        // Assert
        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain(options.ClientKeyPath);
    }
}
