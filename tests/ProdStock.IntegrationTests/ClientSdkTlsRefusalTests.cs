using System.Net;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Host.Certificates;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>
/// TLS authentication failures reach the caller as <c>UNAUTHENTICATED</c>, say which side refused, and are not retried:
/// each test counts the connections the client opens through a relay (a retry needs a new connection).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ClientSdkTlsRefusalTests(HostFixture fixture)
{
    private static readonly ProdRequest Product1 = new() { ProdId = 1, ProdArea = ProdAreas.A };

    [Fact]
    public async Task GetProdStock_ClientCertificateFromAnotherCa_FailsUnauthenticatedAfterOneAttempt()
    {
        using var intruder = TestCertificates.IssueClientFromOtherAuthority();
        await using var relay = new ConnectionCountingProxy(fixture.Address);
        using var client = fixture.CreateClient(options => UseCertificate(options, relay.Address, intruder));

        var act = () => client.Products.GetProdStockAsync(Product1).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unauthenticated);
        error.Status.Detail.Should().Contain("The server refused the TLS handshake").And.Contain("CN=intruder").And.Contain("clientAuth");
        relay.Connections.Should().Be(1, "a refused certificate is refused again: RetryReadOnlyCalls must not retry it");
    }

    [Fact]
    public async Task NewOrder_ClientCertificateFromAnotherCa_FailsUnauthenticatedAfterOneAttempt()
    {
        using var intruder = TestCertificates.IssueClientFromOtherAuthority();
        await using var relay = new ConnectionCountingProxy(fixture.Address);
        using var client = fixture.CreateClient(options => UseCertificate(options, relay.Address, intruder));
        var order = new OrderRequest { OrderMain = new OrderMain { OrderNo = "tls-" + Guid.NewGuid().ToString("N"), UserId = 1, OrderMoney = 1 } };

        var act = () => client.Orders.NewOrderAsync(order).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        relay.Connections.Should().Be(1, "RetryIdempotentWrites must not retry a refused certificate");
    }

    [Fact]
    public async Task AddProdStockClient_ClientCertificateFromAnotherCa_FailsUnauthenticatedAfterOneAttempt()
    {
        using var intruder = TestCertificates.IssueClientFromOtherAuthority();
        await using var relay = new ConnectionCountingProxy(fixture.Address);
        await using var services = new ServiceCollection()
            .AddProdStockClient(options =>
            {
                options.CaCertificatePath = fixture.Certificates.CaPath;
                UseCertificate(options, relay.Address, intruder);
            })
            .BuildServiceProvider();

        var act = () => services.GetRequiredService<IProdService>().GetProdStockAsync(Product1).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unauthenticated);
        error.Status.Detail.Should().Contain("The server refused the TLS handshake");
        relay.Connections.Should().Be(1);
    }

    [Fact]
    public async Task GetProdStock_ServerCertificateFromAnotherCa_FailsUnauthenticatedNamingTheCa()
    {
        var otherCaPath = await WriteOtherAuthorityAsync();
        await using var relay = new ConnectionCountingProxy(fixture.Address);
        using var client = fixture.CreateClient(options =>
        {
            options.Address = relay.Address;
            options.CaCertificatePath = otherCaPath;
        });

        var act = () => client.Products.GetProdStockAsync(Product1).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unauthenticated);
        error.Status.Detail.Should().Contain("The server's TLS certificate is not trusted")
            .And.Contain("does not chain to the trusted CA 'CN=Other Test CA")
            .And.Contain("CaCertificatePath");
        relay.Connections.Should().Be(1);
    }

    [Fact]
    public async Task GetProdStock_AddressNotInServerCertificate_FailsUnauthenticatedNamingTheHost()
    {
        // The development server certificate is for localhost, 127.0.0.1 and ::1; 127.0.0.2 is loopback too, but not in it.
        await using var relay = new ConnectionCountingProxy(fixture.Address, IPAddress.Parse("127.0.0.2"));
        using var client = fixture.CreateClient(options => options.Address = relay.Address);

        var act = () => client.Products.GetProdStockAsync(Product1).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unauthenticated);
        error.Status.Detail.Should().Contain("is not issued for the host '127.0.0.2'");
        relay.Connections.Should().Be(1);
    }

    [Fact]
    public async Task GetProdStock_ThroughRelayWithGoodCertificates_Succeeds()
    {
        await using var relay = new ConnectionCountingProxy(fixture.Address);
        using var client = fixture.CreateClient(options => options.Address = relay.Address);

        var response = await client.Products.GetProdStockAsync(Product1).DefaultTimeout();

        response.ProdId.Should().Be(1);
        relay.Connections.Should().Be(1);
    }

    private static void UseCertificate(ProdStockClientOptions options, Uri address, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        options.Address = address;
        options.ClientCertificate = certificate;
        options.ClientCertificatePath = null;
        options.ClientKeyPath = null;
    }

    private async Task<string> WriteOtherAuthorityAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var path = Path.Combine(fixture.Folder, $"other-ca-{Guid.NewGuid():N}.pem");
        using var other = CertificateIssuer.CreateAuthority("Other Test CA", now.AddDays(-1), now.AddDays(1));
        await File.WriteAllTextAsync(path, other.ExportCertificatePem());
        return path;
    }
}
