using System.Net;
using System.Text;
using System.Text.Json;

namespace CodeFirst.Tests;

/// <summary>The toolkit's gateway alone refuses oversized, non-JSON and cross-site requests, and protects its page, with its default options.</summary>
public sealed class GatewayRequestGuardTests(ToolkitHost host) : IClassFixture<ToolkitHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AddBook_BodyOverOneMebibyte_Returns413ResourceExhausted()
    {
        using var http = new HttpClient { BaseAddress = host.RestAddress, Timeout = Timeout };
        var body = "{\"isbn\":\"9780000000003\",\"title\":\"Big\",\"price\":1,\"padding\":\"" + new string('x', 1024 * 1024) + "\"}";

        using var response = await http.PostAsync("/v1/books", new StringContent(body, Encoding.UTF8, "application/json")).WaitAsync(Timeout);

        await ShouldBeAsync(response, HttpStatusCode.RequestEntityTooLarge, 8, "the request body is larger than 1048576 bytes, the most POST /v1/books accepts");
    }

    [Fact]
    public async Task AddBook_TextPlain_Returns415()
    {
        using var http = new HttpClient { BaseAddress = host.RestAddress, Timeout = Timeout };

        using var response = await http.PostAsync("/v1/books", new StringContent("""{"isbn":"9780000000004","title":"Plain","price":1}""", Encoding.UTF8, "text/plain")).WaitAsync(Timeout);

        await ShouldBeAsync(response, HttpStatusCode.UnsupportedMediaType, 3, "the content type 'text/plain; charset=utf-8' is not supported by POST /v1/books");
    }

    [Fact]
    public async Task AddBook_CrossSiteOrigin_Returns403PermissionDenied()
    {
        using var http = new HttpClient { BaseAddress = host.RestAddress, Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/books")
        {
            Content = new StringContent("""{"isbn":"9780000000005","title":"Forged","price":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await http.SendAsync(request).WaitAsync(Timeout);

        await ShouldBeAsync(response, HttpStatusCode.Forbidden, 7, "requests from the origin 'https://evil.example' may not call POST /v1/books");
    }

    [Theory]
    [InlineData("/docs/index.html")]
    [InlineData("/openapi/v1.json")]
    public async Task Documentation_Response_ForbidsFramingAndSniffing(string path)
    {
        using var http = new HttpClient { BaseAddress = host.RestAddress, Timeout = Timeout };

        using var response = await http.GetAsync(path).WaitAsync(Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
    }

    private static async Task ShouldBeAsync(HttpResponseMessage response, HttpStatusCode status, int code, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("code").GetInt32().Should().Be(code);
        json.RootElement.GetProperty("message").GetString().Should().Contain(message);
    }
}
