using System.Net;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Hardening;

/// <summary>No listener names its server software in a <c>server</c> header.</summary>
[Collection(HostCollection.Name)]
public sealed class ServerHeaderTests(HostFixture fixture)
{
    [Fact]
    public async Task RestResponse_AnyRoute_HasNoServerHeader()
    {
        using var http = fixture.CreateRestClient();

        using var found = await http.GetAsync("/v1/prod/1").DefaultTimeout();
        using var missing = await http.GetAsync("/no/such/route").DefaultTimeout();

        found.StatusCode.Should().Be(HttpStatusCode.OK);
        found.Headers.Server.Should().BeEmpty();
        missing.Headers.Server.Should().BeEmpty();
    }

    [Fact]
    public async Task GrpcPortResponse_AnyRequest_HasNoServerHeader()
    {
        using var http = new HttpClient(TestTlsHandler.Create(fixture.Certificates.Authority, fixture.Certificates.Client))
        {
            BaseAddress = fixture.Address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await http.GetAsync("/anything").DefaultTimeout();

        response.Version.Should().Be(HttpVersion.Version20);
        response.Headers.Server.Should().BeEmpty();
    }

    [Fact]
    public async Task ManagementResponse_Healthz_HasNoServerHeader()
    {
        fixture.Host.ManagementAddress.Should().NotBeNull("the test host runs the management listener");
        using var http = new HttpClient { BaseAddress = fixture.Host.ManagementAddress };

        using var response = await http.GetAsync("/healthz").DefaultTimeout();

        response.Headers.Server.Should().BeEmpty();
    }
}
