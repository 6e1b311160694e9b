using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using ProdStock.Testing;
using Seed = global::Services;

namespace ProdStock.InteropTests;

/// <summary>The seed's contract-first client gets in with the test client certificate only.</summary>
[Collection(InteropCollection.Name)]
public sealed class SeedMutualTlsTests(HostFixture fixture)
{
    [Fact]
    public async Task GetProdStock_WithoutClientCertificate_IsRefused()
    {
        using var channel = SeedChannel.Create(fixture.Address, fixture.Certificates.Authority, clientCertificate: null);
        var client = new Seed.ProdService.ProdServiceClient(channel);

        var act = () => client.GetProdStockAsync(new Seed.ProdRequest { ProdId = 1 }, deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync.DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unavailable);
    }

    [Fact]
    public async Task GetProdStock_ServerNotSignedByTrustedAuthority_IsRefused()
    {
        using var otherAuthority = UnrelatedAuthority();
        using var channel = SeedChannel.Create(fixture.Address, otherAuthority, fixture.Certificates.Client);
        var client = new Seed.ProdService.ProdServiceClient(channel);

        var act = () => client.GetProdStockAsync(new Seed.ProdRequest { ProdId = 1 }, deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync.DefaultTimeout();

        // Grpc.Net.Client reports a failed TLS handshake on its side as INTERNAL, with the AuthenticationException inside.
        var exception = (await act.Should().ThrowAsync<RpcException>()).Which;
        exception.StatusCode.Should().Be(StatusCode.Internal);
        exception.Status.DebugException.Should().NotBeNull();
        exception.Status.DebugException!.GetBaseException().Should().BeOfType<AuthenticationException>();
    }

    private static X509Certificate2 UnrelatedAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ProdStock Development CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }
}
