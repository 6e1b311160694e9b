using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Host.Certificates;
using ProdStock.Testing;
using ProtoBuf.Grpc.Client;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>A client the host must refuse during the TLS handshake, by the certificate it presents (or none).</summary>
public sealed record RefusedClient(string Name, Func<TestCertificates, X509Certificate2?> Certificate)
{
    public override string ToString() => Name;
}

/// <summary>The security rows of the table: clients refused by mutual TLS, on the gRPC port and on the REST port.</summary>
public static class SecurityFaults
{
    public const string NoCertificate = "no client certificate";

    public static readonly IReadOnlyList<RefusedClient> Clients =
    [
        new(NoCertificate, _ => null),
        new("certificate from another CA", _ => TestCertificates.IssueClientFromOtherAuthority()),
        new("expired certificate", c => c.IssueClient(DateTimeOffset.UtcNow.AddHours(-20), DateTimeOffset.UtcNow.AddHours(-1), CertificateIssuer.ClientAuth)),
        new("certificate without clientAuth", c => c.IssueClient(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), CertificateIssuer.ServerAuth)),
    ];

    /// <summary>A REST request with <paramref name="client"/>'s certificate; returns how it failed.</summary>
    public static async Task<HttpRequestException> RestRequestExpectingRefusalAsync(FaultHostFixture fixture, RefusedClient client)
    {
        using var certificate = client.Certificate(fixture.Certificates);
        using var http = RestClients.Create(fixture.RestAddress, fixture.Certificates.Authority, certificate);
        try
        {
            using var response = await http.GetAsync("/v1/prod/1").DefaultTimeout();
            throw new Xunit.Sdk.XunitException($"REST with {client.Name}: answered {(int)response.StatusCode}, but the TLS handshake must fail");
        }
        catch (HttpRequestException ex)
        {
            return ex;
        }
    }

    /// <summary>Plaintext HTTP (no TLS at all) to the REST port; returns how it failed.</summary>
    public static async Task<HttpRequestException> PlaintextRestRequestExpectingRefusalAsync(FaultHostFixture fixture)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(20) };
        var address = new UriBuilder(fixture.RestAddress) { Scheme = Uri.UriSchemeHttp, Path = "/v1/prod/1" }.Uri;
        try
        {
            using var response = await http.GetAsync(address).DefaultTimeout();
            throw new Xunit.Sdk.XunitException($"plaintext REST: answered {(int)response.StatusCode}, but a TLS port must not speak plaintext HTTP");
        }
        catch (HttpRequestException ex)
        {
            return ex;
        }
    }

    /// <summary>A gRPC call with <paramref name="client"/>'s certificate (or over plaintext h2c when <see langword="null"/>); returns how it failed.</summary>
    public static async Task<RpcException> GrpcCallExpectingRefusalAsync(FaultHostFixture fixture, RefusedClient? client)
    {
        using var certificate = client?.Certificate(fixture.Certificates);
        using var channel = client is null
            ? RawChannels.Plaintext(fixture.Address)
            : RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, certificate);
        try
        {
            await channel.CreateGrpcService<IProdService>().GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout();
        }
        catch (RpcException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException($"gRPC with {client?.Name ?? "plaintext"}: the call succeeded, but it must be refused");
    }
}
