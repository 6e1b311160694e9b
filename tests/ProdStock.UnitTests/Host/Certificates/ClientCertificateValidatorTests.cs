using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using ProdStock.Host.Certificates;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Certificates;

public sealed class ClientCertificateValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeClock _clock = new(Now);
    private readonly X509Certificate2 _authority = CertificateIssuer.CreateAuthority("ProdStock Development CA", Now.AddYears(-1), Now.AddYears(1));
    private readonly ClientCertificateValidator _validator;

    public ClientCertificateValidatorTests()
    {
        _validator = new ClientCertificateValidator(_authority, _clock, new HandshakeFailureLog(_clock, NullLogger<HandshakeFailureLog>.Instance, HandshakeFailureLog.DefaultInterval));
    }

    public void Dispose() => _authority.Dispose();

    private X509Certificate2 Client(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        CertificateIssuer.IssueClient(_authority, "unit-client", notBefore, notAfter);

    private X509Certificate2 ValidClient() => Client(Now.AddDays(-1), Now.AddDays(30));

    [Fact]
    public void FindProblem_ClientCertificateFromAuthority_ReturnsNull()
    {
        // Arrange
        using var client = ValidClient();

        // Act
        var problem = _validator.FindProblem(client);

        // Assert
        problem.Should().BeNull();
    }

    [Fact]
    public void Validate_ClientCertificateFromAuthority_ReturnsTrue()
    {
        // Arrange
        using var client = ValidClient();

        // Act
        var accepted = _validator.Validate(client, null, SslPolicyErrors.None);

        // Assert
        accepted.Should().BeTrue();
    }

    [Fact]
    public void Validate_NoCertificate_ReturnsFalse()
    {
        // Act
        var accepted = _validator.Validate(null, null, SslPolicyErrors.RemoteCertificateNotAvailable);

        // Assert
        accepted.Should().BeFalse();
    }

    [Fact]
    public void FindProblem_CertificateFromAnotherAuthorityWithTheSameName_ReportsChainProblem()
    {
        // Arrange
        using var other = CertificateIssuer.CreateAuthority("ProdStock Development CA", Now.AddYears(-1), Now.AddYears(1));
        using var intruder = CertificateIssuer.IssueClient(other, "unit-client", Now.AddDays(-1), Now.AddDays(30));

        // Act
        var problem = _validator.FindProblem(intruder);

        // Assert
        problem.Should().NotBeNull().And.Contain("does not chain");
        _validator.Validate(intruder, null, SslPolicyErrors.None).Should().BeFalse();
    }

    [Fact]
    public void FindProblem_ExpiredCertificate_ReportsTimeProblem()
    {
        // Arrange
        using var expired = Client(Now.AddDays(-30), Now.AddDays(-1));

        // Act
        var problem = _validator.FindProblem(expired);

        // Assert
        problem.Should().NotBeNull().And.Contain(nameof(X509ChainStatusFlags.NotTimeValid));
    }

    [Fact]
    public void FindProblem_NotYetValidCertificate_ReportsTimeProblem()
    {
        // Arrange
        using var future = Client(Now.AddDays(1), Now.AddDays(30));

        // Act
        var problem = _validator.FindProblem(future);

        // Assert
        problem.Should().NotBeNull().And.Contain(nameof(X509ChainStatusFlags.NotTimeValid));
    }

    [Fact]
    public void FindProblem_ClockPastExpiry_JudgesByTheClock()
    {
        // Arrange
        using var client = ValidClient();
        _clock.Now = Now.AddDays(31);

        // Act
        var problem = _validator.FindProblem(client);

        // Assert
        problem.Should().NotBeNull().And.Contain(nameof(X509ChainStatusFlags.NotTimeValid));
    }

    [Fact]
    public void FindProblem_ServerOnlyCertificate_ReportsMissingClientAuth()
    {
        // Arrange
        using var server = CertificateIssuer.IssueServer(_authority, Now.AddDays(-1), Now.AddDays(30));

        // Act
        var problem = _validator.FindProblem(server);

        // Assert
        problem.Should().NotBeNull().And.Contain("clientAuth");
        _validator.Validate(server, null, SslPolicyErrors.None).Should().BeFalse();
    }

    [Fact]
    public void FindProblem_NoExtendedKeyUsage_ReportsMissingClientAuth()
    {
        // Arrange
        using var bare = CertificateIssuer.Issue(_authority, "no-usage", [], Now.AddDays(-1), Now.AddDays(30));

        // Act
        var problem = _validator.FindProblem(bare);

        // Assert
        bare.Extension<X509EnhancedKeyUsageExtension>().Should().BeNull();
        problem.Should().NotBeNull().And.Contain("clientAuth");
    }

    [Fact]
    public void FindProblem_AuthorityItself_IsRefused()
    {
        // Act
        var problem = _validator.FindProblem(_authority);

        // Assert
        problem.Should().NotBeNull();
    }
}
