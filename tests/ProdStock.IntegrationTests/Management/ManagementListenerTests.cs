using System.Net;
using System.Net.Http.Headers;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Management;

/// <summary>The plain-HTTP management listener: what it serves, and that the listeners keep their endpoints apart.</summary>
[Collection(HostCollection.Name)]
public sealed class ManagementListenerTests(HostFixture fixture)
{
    private Uri Management => fixture.Host.ManagementAddress ?? throw new InvalidOperationException("The management listener is not listening.");

    [Fact]
    public void ManagementAddress_DefaultHost_IsPlainHttpOnLoopback()
    {
        Management.Scheme.Should().Be(Uri.UriSchemeHttp);
        Management.Host.Should().Be("localhost");
        Management.Port.Should().NotBe(fixture.Address.Port).And.NotBe(fixture.RestAddress.Port);
    }

    [Fact]
    public async Task Healthz_ManagementListener_ReturnsHealthy()
    {
        using var client = PlainClient();

        using var response = await client.GetAsync(new Uri(Management, "/healthz")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync().DefaultTimeout()).Should().Be("Healthy");
    }

    [Fact]
    public async Task Readyz_StoreInitializedAndAnswering_ReturnsHealthy()
    {
        using var client = PlainClient();

        using var response = await client.GetAsync(new Uri(Management, "/readyz")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync().DefaultTimeout()).Should().Be("Healthy");
    }

    [Theory]
    [InlineData("GET", "/v1/prod/1")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("GET", "/docs")]
    [InlineData("GET", "/")]
    [InlineData("POST", "/services.ProdService/GetProdStock")]
    [InlineData("POST", "/grpc.health.v1.Health/Check")]
    public async Task Request_OtherListenersRouteOnManagementListener_Returns404(string method, string path)
    {
        using var client = PlainClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Management, path));
        if (method == "POST")
        {
            request.Content = new ByteArrayContent([0, 0, 0, 0, 0]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        using var response = await client.SendAsync(request).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Get_ManagementPathOnRestListener_Returns404(string path)
    {
        using var client = fixture.CreateRestClient();

        using var response = await client.GetAsync(path).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Get_ManagementPathOnGrpcListener_Returns404(string path)
    {
        // The gRPC listener speaks HTTP/2 over TLS with a client certificate only.
        using var client = new HttpClient(TestTlsHandler.Create(fixture.Certificates.Authority, fixture.Certificates.Client))
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.SendAsync(request).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static HttpClient PlainClient() => new() { Timeout = TimeSpan.FromSeconds(30) };
}
