using System.Net;
using System.Security.Cryptography.X509Certificates;
using ProdStock.Host.Certificates;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Certificates;

public sealed class CertificateIssuerTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset NotBefore = new(Now.Year, Now.Month, Now.Day, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = NotBefore.AddDays(90);

    private readonly X509Certificate2 _authority = CertificateIssuer.CreateAuthority("Unit Test CA", NotBefore.AddDays(-1), NotAfter.AddDays(1));

    public void Dispose() => _authority.Dispose();

    [Fact]
    public void CreateAuthority_Always_IsSelfSignedCertificateAuthorityWithKey()
    {
        // Act
        var constraints = _authority.Extension<X509BasicConstraintsExtension>();
        var usage = _authority.Extension<X509KeyUsageExtension>();

        // Assert
        constraints.Should().NotBeNull();
        constraints!.CertificateAuthority.Should().BeTrue();
        constraints.Critical.Should().BeTrue();
        usage!.KeyUsages.Should().HaveFlag(X509KeyUsageFlags.KeyCertSign);
        _authority.Subject.Should().Contain("CN=Unit Test CA");
        _authority.Issuer.Should().Be(_authority.Subject);
        _authority.HasPrivateKey.Should().BeTrue();
    }

    [Fact]
    public void IssueServer_Always_HasLocalhostAndLoopbackSubjectAlternativeNames()
    {
        // Act
        using var server = CertificateIssuer.IssueServer(_authority, NotBefore, NotAfter);

        // Assert
        var names = server.Extension<X509SubjectAlternativeNameExtension>();
        names.Should().NotBeNull();
        names!.EnumerateDnsNames().Should().Equal("localhost");
        names.EnumerateIPAddresses().Should().BeEquivalentTo([IPAddress.Loopback, IPAddress.IPv6Loopback]);
    }

    [Fact]
    public void IssueServer_Always_IsServerAuthEndEntityChainingToAuthority()
    {
        // Act
        using var server = CertificateIssuer.IssueServer(_authority, NotBefore, NotAfter);

        // Assert
        server.ExtendedKeyUsages().Should().Equal(ServerAuth);
        server.Extension<X509BasicConstraintsExtension>()!.CertificateAuthority.Should().BeFalse();
        server.Issuer.Should().Be(_authority.Subject);
        server.HasPrivateKey.Should().BeTrue();
        server.NotBefore.ToUniversalTime().Should().Be(NotBefore.UtcDateTime);
        server.NotAfter.ToUniversalTime().Should().Be(NotAfter.UtcDateTime);
        server.ChainsTo(_authority).Should().BeTrue();
    }

    [Fact]
    public void IssueClient_Always_IsClientAuthEndEntityChainingToAuthority()
    {
        // Act
        using var client = CertificateIssuer.IssueClient(_authority, "some-client", NotBefore, NotAfter);

        // Assert
        client.ExtendedKeyUsages().Should().Equal(ClientAuth);
        client.Subject.Should().Contain("CN=some-client");
        client.HasPrivateKey.Should().BeTrue();
        client.Extension<X509SubjectAlternativeNameExtension>()!.EnumerateDnsNames().Should().Equal("localhost");
        client.ChainsTo(_authority).Should().BeTrue();
    }

    [Fact]
    public void IssueServer_OtherAuthority_DoesNotChainToThisAuthority()
    {
        // Arrange
        using var other = CertificateIssuer.CreateAuthority("Unit Test CA", NotBefore.AddDays(-1), NotAfter.AddDays(1));

        // Act
        using var server = CertificateIssuer.IssueServer(other, NotBefore, NotAfter);

        // Assert
        server.ChainsTo(_authority).Should().BeFalse();
        server.ChainsTo(other).Should().BeTrue();
    }

    [Fact]
    public void IssueServer_TwoCertificates_HaveDifferentPositiveSerialNumbers()
    {
        // Act
        using var first = CertificateIssuer.IssueServer(_authority, NotBefore, NotAfter);
        using var second = CertificateIssuer.IssueServer(_authority, NotBefore, NotAfter);

        // Assert
        first.SerialNumber.Should().NotBe(second.SerialNumber);
        first.GetSerialNumber()[^1].Should().BeLessThan(0x80, "the serial number (big-endian on the wire) must be positive");
    }

    [Fact]
    public void Issue_AuthorityWithoutPrivateKey_ThrowsArgumentException()
    {
        // Arrange
        using var publicOnly = X509CertificateLoader.LoadCertificate(_authority.RawData);

        // Act
        var act = () => CertificateIssuer.IssueServer(publicOnly, NotBefore, NotAfter);

        // Assert
        act.Should().Throw<ArgumentException>().WithParameterName("authority");
    }
}
