using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using ProdStock.Contracts;
using ProdStock.Host.Certificates;
using ProdStock.Testing;
using ProtoBuf.Grpc.Client;

namespace ProdStock.IntegrationTests;

[Collection(HostCollection.Name)]
public sealed class SecurityTests(HostFixture fixture)
{
    private static readonly ProdRequest Product1 = new() { ProdId = 1, ProdArea = ProdAreas.A };

    [Fact]
    public async Task Call_ClientCertificateFromConfiguredCa_Succeeds()
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);

        var response = await channel.CreateGrpcService<IProdService>().GetProdStockAsync(Product1).DefaultTimeout();

        response.ProdId.Should().Be(1);
    }

    [Fact]
    public async Task Call_NoClientCertificate_IsRefused()
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, clientCertificate: null);

        await ShouldBeRefusedAsync(channel);
    }

    [Fact]
    public async Task Call_ClientCertificateFromAnotherCa_IsRefused()
    {
        using var intruder = TestCertificates.IssueClientFromOtherAuthority();
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, intruder);

        await ShouldBeRefusedAsync(channel);
    }

    [Fact]
    public async Task Call_ExpiredClientCertificate_IsRefused()
    {
        var now = DateTimeOffset.UtcNow;
        using var expired = fixture.Certificates.IssueClient(now.AddHours(-20), now.AddHours(-1), CertificateIssuer.ClientAuth);
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, expired);

        await ShouldBeRefusedAsync(channel);
    }

    [Fact]
    public async Task Call_ClientCertificateWithoutClientAuth_IsRefused()
    {
        var now = DateTimeOffset.UtcNow;
        using var serverOnly = fixture.Certificates.IssueClient(now.AddHours(-1), now.AddDays(1), CertificateIssuer.ServerAuth);
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, serverOnly);

        await ShouldBeRefusedAsync(channel);
    }

    [Fact]
    public async Task Call_PlaintextToTlsPort_IsRefused()
    {
        using var channel = RawChannels.Plaintext(fixture.Address);

        await ShouldBeRefusedAsync(channel);
    }

    private async Task ShouldBeRefusedAsync(GrpcChannel channel)
    {
        var act = () => channel.CreateGrpcService<IProdService>().GetProdStockAsync(Product1).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        // The server ends the TLS handshake: the call never starts. Depending on when the client notices (during the
        // TLS 1.3 handshake or at the first HTTP/2 frame) Grpc.Net.Client reports UNAVAILABLE or INTERNAL.
        error.StatusCode.Should().BeOneOf(StatusCode.Unavailable, StatusCode.Internal);
        error.Status.Detail.Should().StartWith("Error starting gRPC call.");

        // The host keeps serving everybody else.
        using var client = fixture.CreateClient();
        (await client.Products.GetProdStockAsync(Product1).DefaultTimeout()).ProdId.Should().Be(1);
    }
}
