using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ProdStock.Testing;
using static ProdStock.IntegrationTests.Gateway.GatewayJson;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>
/// What the gateway refuses before it calls a service, with the default settings: bodies over 1 MiB (413,
/// <c>RESOURCE_EXHAUSTED</c>), bodies that are not JSON (415), and state-changing requests from other sites (403,
/// <c>PERMISSION_DENIED</c>); and the security headers of /docs and /openapi.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class GatewayRequestGuardTests(HostFixture fixture)
{
    private const int DefaultLimit = 1024 * 1024;

    public static TheoryData<string> UnsupportedContentTypes => new()
    {
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/json; charset=iso-8859-1",
        "application/x-ndjson",
        "application/xml",
    };

    public static TheoryData<string> JsonContentTypes => new() { "application/json", "application/json; charset=utf-8", "Application/JSON; charset=\"UTF-8\"" };

    [Fact]
    public async Task PostOrder_BodyOverTheDefaultLimit_Returns413ResourceExhaustedAndStoresNothing()
    {
        using var http = fixture.CreateRestClient();
        var orderNo = NewOrderNo();

        // Expect: 100-continue, as curl sends for a body over 1 MB: the host answers 413 before the body is sent. Without it
        // the answer races the upload, since the host closes an HTTP/1.1 connection whose body it will not read.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = Json(PaddedOrder(orderNo, DefaultLimit + 1)) };
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, 8, $"larger than {DefaultLimit} bytes, the most POST /v1/orders accepts");
        await ShouldBeStoredFreshAsync(http, orderNo);
    }

    [Fact]
    public async Task PostOrder_ChunkedBodyOverTheDefaultLimit_Returns413ResourceExhausted()
    {
        using var http = fixture.CreateRestClient();
        var bytes = Encoding.UTF8.GetBytes(PaddedOrder(NewOrderNo(), 3 * DefaultLimit));
        // No Content-Length: the limit is enforced as the body arrives.
        using var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.PostAsync("/v1/orders", content).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, 8, $"larger than {DefaultLimit} bytes");
    }

    [Fact]
    public async Task PostOrder_BodyJustUnderTheDefaultLimit_IsStored()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/orders", Json(PaddedOrder(NewOrderNo(), DefaultLimit - 1))).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CollectScores_NdjsonLineOverTheLimit_Returns413ResourceExhausted()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/users/scores:collect", Ndjson("""{"users":[{"user_id":1}]}""", PaddedUsers(2, DefaultLimit + 1))).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, 8, $"a line of the request body is larger than {DefaultLimit} bytes, the most POST /v1/users/scores:collect accepts");
    }

    [Fact]
    public async Task CollectScores_NdjsonLinesOverTheLimitInAll_AreServedLineByLine()
    {
        using var http = fixture.CreateRestClient();
        var lines = Enumerable.Range(1, 12).Select(user => PaddedUsers(user, 100_000)).ToArray();

        using var response = await http.PostAsync("/v1/users/scores:collect", Ndjson(lines)).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK, "the limit holds each line (message), not the stream: 1.2 MB in 12 lines");
        (await response.ReadJsonAsync()).GetProperty("users").GetArrayLength().Should().Be(12);
    }

    [Fact]
    public async Task CollectScores_JsonArrayOverTheLimit_Returns413ResourceExhausted()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/users/scores:collect", Json($"[{PaddedUsers(1, DefaultLimit)}]")).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, 8, $"the request body is larger than {DefaultLimit} bytes");
    }

    [Theory]
    [MemberData(nameof(UnsupportedContentTypes))]
    public async Task PostOrder_ContentTypeNotJson_Returns415AndStoresNothing(string contentType)
    {
        using var http = fixture.CreateRestClient();
        var orderNo = NewOrderNo();

        using var response = await http.PostAsync("/v1/orders", Body(Order(orderNo), contentType)).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.UnsupportedMediaType, 3, $"the content type '{contentType}' is not supported by POST /v1/orders: send application/json");
        await ShouldBeStoredFreshAsync(http, orderNo);
    }

    [Fact]
    public async Task PostOrder_BodyWithoutContentType_Returns415()
    {
        using var http = fixture.CreateRestClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Order(NewOrderNo())));

        using var response = await http.PostAsync("/v1/orders", content).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.UnsupportedMediaType, 3, "the content type '(none)' is not supported");
    }

    [Fact]
    public async Task CollectScores_TextPlain_Returns415NamingBothStreamTypes()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/users/scores:collect", Body("""{"users":[{"user_id":1}]}""", "text/plain")).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.UnsupportedMediaType, 3, "send application/x-ndjson (one message per line) or application/json (an array)");
    }

    [Theory]
    [MemberData(nameof(JsonContentTypes))]
    public async Task PostOrder_JsonContentType_IsStored(string contentType)
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/orders", Body(Order(NewOrderNo()), contentType)).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("https://evil.example", "application/json")]
    [InlineData("https://evil.example", "text/plain")]
    [InlineData("null", "application/json")]
    [InlineData("http://localhost", "application/json")]
    public async Task PostOrder_OriginOfAnotherSite_Returns403NamingTheOriginAndStoresNothing(string origin, string contentType)
    {
        using var http = fixture.CreateRestClient();
        var orderNo = NewOrderNo();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = Body(Order(orderNo), contentType) };
        request.Headers.Add("Origin", origin);

        using var response = await http.SendAsync(request).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.Forbidden, 7, $"requests from the origin '{origin}' may not call POST /v1/orders");
        await ShouldBeStoredFreshAsync(http, orderNo);
    }

    [Theory]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    public async Task PostScores_SecFetchSiteOfAnotherSiteWithoutOrigin_Returns403(string site)
    {
        using var http = fixture.CreateRestClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users/scores") { Content = Json("""{"users":[{"user_id":1}]}""") };
        request.Headers.Add("Sec-Fetch-Site", site);

        using var response = await http.SendAsync(request).DefaultTimeout();

        await ShouldBeRefusedAsync(response, HttpStatusCode.Forbidden, 7, $"a {site} request (Sec-Fetch-Site) may not call POST /v1/users/scores");
    }

    [Theory]
    [InlineData(true, "same-origin")]
    [InlineData(false, "same-origin")]
    [InlineData(false, "none")]
    [InlineData(false, null)]
    public async Task PostOrder_SameOriginOrNoBrowserHeaders_IsStored(bool sendOwnOrigin, string? site)
    {
        using var http = fixture.CreateRestClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = Json(Order(NewOrderNo())) };
        if (sendOwnOrigin)
        {
            request.Headers.Add("Origin", fixture.RestAddress.GetLeftPart(UriPartial.Authority));
        }

        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }

        using var response = await http.SendAsync(request).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetStock_CrossSiteOrigin_IsServed()
    {
        using var http = fixture.CreateRestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/prod/1");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await http.SendAsync(request).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK, "GET changes nothing; a browser's same-origin policy keeps the answer from the other site");
    }

    [Theory]
    [InlineData("/docs/index.html", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")]
    [InlineData("/docs", "frame-ancestors 'none'")]
    [InlineData("/openapi/v1.json", "default-src 'none'; frame-ancestors 'none'")]
    public async Task Documentation_Response_CarriesContentSecurityPolicyAndNosniff(string path, string policy)
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.GetAsync(path).DefaultTimeout();

        response.Headers.TryGetValues("Content-Security-Policy", out var csp).Should().BeTrue();
        csp!.Single().Should().Contain(policy);
        response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff).Should().BeTrue();
        nosniff!.Single().Should().Be("nosniff");
    }

    internal static string Order(string orderNo) => $$"""{"order_no":"{{orderNo}}","user_id":7,"order_money":1.5}""";

    /// <summary>An order whose JSON is exactly <paramref name="size"/> bytes, filled up with an unknown field (which the gateway ignores).</summary>
    internal static string PaddedOrder(string orderNo, int size)
    {
        var head = $$"""{"order_no":"{{orderNo}}","user_id":7,"order_money":1.5,"padding":" """.TrimEnd();
        return head + new string('x', size - head.Length - 2) + "\"}";
    }

    private static string PaddedUsers(int userId, int size)
    {
        var head = $$"""{"users":[{"user_id":{{userId}}}],"padding":" """.TrimEnd();
        return head + new string('x', size - head.Length - 2) + "\"}";
    }

    private static StringContent Body(string text, string contentType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType).Should().BeTrue();
        return content;
    }

    private static string NewOrderNo() => "G-" + Guid.NewGuid().ToString("N")[..20];

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, HttpStatusCode status, int code, string message)
    {
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var json = System.Text.Json.JsonDocument.Parse(text).RootElement;
        json.GetProperty("code").GetInt32().Should().Be(code);
        json.GetProperty("message").GetString().Should().Contain(message);
    }

    /// <summary>The refused order was not stored: the same order number with other content is a new order, not ALREADY_EXISTS.</summary>
    private static async Task ShouldBeStoredFreshAsync(HttpClient http, string orderNo)
    {
        using var again = await http.PostAsync("/v1/orders", Json($$"""{"order_no":"{{orderNo}}","user_id":8,"order_money":2.5}""")).DefaultTimeout();
        again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
    }

    /// <summary>A stream that does not tell its length, so the request is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
