using System.Net;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>
/// The security rows on the REST port (the gRPC port's are in <see cref="SecurityTests"/>; REST without a client
/// certificate is in <see cref="Gateway.GatewayErrorTests"/>): refused during the TLS handshake, and the host keeps
/// serving a client with a good certificate.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RestSecurityTests(FaultHostFixture fixture)
{
    public static TheoryData<string> BadCertificates => new(SecurityFaults.Clients.Select(c => c.Name).Where(name => name != SecurityFaults.NoCertificate));

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task RestRequest_BadClientCertificate_IsRefusedAndHostKeepsServing(string clientName)
    {
        var client = SecurityFaults.Clients.Single(c => c.Name == clientName);

        var error = await SecurityFaults.RestRequestExpectingRefusalAsync(fixture, client);

        error.StatusCode.Should().BeNull("no HTTP answer comes back: the connection is refused in the TLS handshake");
        await ShouldKeepServingAsync();
    }

    [Fact]
    public async Task RestRequest_PlaintextHttpToTlsPort_FailsAndHostKeepsServing()
    {
        var error = await SecurityFaults.PlaintextRestRequestExpectingRefusalAsync(fixture);

        error.StatusCode.Should().BeNull("the TLS port gives no HTTP answer to plaintext");
        await ShouldKeepServingAsync();
    }

    private async Task ShouldKeepServingAsync()
    {
        using var http = fixture.CreateRestClient();
        using var response = await http.GetAsync("/v1/prod/1").DefaultTimeout();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
