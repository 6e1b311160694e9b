using System.Net;
using System.Text.Json;
using ProdStock.Testing;
using ProtoBuf.Grpc.Client;
using static ProdStock.IntegrationTests.Gateway.GatewayJson;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>Every error row of the gateway: HTTP status, google.rpc.Status body, message naming the field.</summary>
[Collection(HostCollection.Name)]
public sealed class GatewayErrorTests(HostFixture fixture)
{
    public static TheoryData<string, string, string?, HttpStatusCode, int, string> Errors => new()
    {
        { "GET", "/v1/prod/1001", null, HttpStatusCode.NotFound, 5, "product 1001 was not found" },
        { "GET", "/v1/prod/0", null, HttpStatusCode.BadRequest, 3, "invalid ProdRequest.prod_id: value must be greater than 0" },
        { "GET", "/v1/prod/abc", null, HttpStatusCode.BadRequest, 3, "invalid ProdRequest.prod_id: 'abc' is not a valid int32" },
        { "GET", "/v1/prod/1?prod_area=Z", null, HttpStatusCode.BadRequest, 3, "invalid ProdRequest.prod_area" },
        { "GET", "/v1/prod?size=1001", null, HttpStatusCode.BadRequest, 3, "invalid QuerySize.size" },
        { "GET", "/v1/prod?size=ten", null, HttpStatusCode.BadRequest, 3, "invalid QuerySize.size: 'ten' is not a valid int32" },
        { "POST", "/v1/orders", "{\"order_no\":", HttpStatusCode.BadRequest, 3, "invalid OrderRequest.order_main: the request body is not valid JSON" },
        { "POST", "/v1/orders", "{\"order_no\":\"x1\",\"user_id\":\"seven\",\"order_money\":1}", HttpStatusCode.BadRequest, 3, "invalid OrderRequest.order_main.user_id" },
        { "POST", "/v1/orders", "{\"order_no\":\"x1\",\"user_id\":7,\"order_money\":[1]}", HttpStatusCode.BadRequest, 3, "invalid OrderRequest.order_main.order_money" },
        { "POST", "/v1/orders", "{\"order_no\":\"x1\",\"user_id\":7,\"order_money\":1,\"order_time\":\"yesterday\"}", HttpStatusCode.BadRequest, 3, "invalid OrderRequest.order_main.order_time" },
        { "POST", "/v1/orders", "{\"order_no\":\"x1\",\"user_id\":0,\"order_money\":1}", HttpStatusCode.BadRequest, 3, "invalid OrderMain.user_id" },
        { "POST", "/v1/orders", "", HttpStatusCode.BadRequest, 3, "order_main" },
        { "POST", "/v1/users/scores", "[1,2]", HttpStatusCode.BadRequest, 3, "invalid UserScoreRequest: the request body must be a JSON object" },
        { "POST", "/v1/users/scores:stream", "{\"users\":[{\"user_id\":0}]}", HttpStatusCode.BadRequest, 3, "invalid UserInfo.user_id: value must be greater than 0" },
        { "POST", "/v1/orders", "{\"order_no\":\"\\ud800\",\"user_id\":7,\"order_money\":1}", HttpStatusCode.BadRequest, 3, "the request body is not valid JSON" },
        { "GET", "/v1/nothing-here", null, HttpStatusCode.NotFound, 5, "no REST route for GET /v1/nothing-here" },
        { "DELETE", "/v1/orders", null, HttpStatusCode.MethodNotAllowed, 12, "DELETE is not allowed on /v1/orders; use POST" },
        { "POST", "/v1/prod/1", "{}", HttpStatusCode.MethodNotAllowed, 12, "use GET" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Request_BadInput_ReturnsHttpStatusAndRpcStatusBody(string method, string path, string? body, HttpStatusCode status, int code, string message)
    {
        using var http = fixture.CreateRestClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Json(body) };

        using var response = await http.SendAsync(request).DefaultTimeout();

        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var json = await response.ReadJsonAsync();
        json.GetProperty("code").GetInt32().Should().Be(code);
        json.GetProperty("message").GetString().Should().Contain(message);
        json.GetProperty("details").ValueKind.Should().Be(JsonValueKind.Array);
    }

    [Fact]
    public async Task PostOrders_SameOrderNoDifferentOrder_ReturnsConflict()
    {
        using var http = fixture.CreateRestClient();
        var orderNo = "rest-" + Guid.NewGuid().ToString("N");
        (await http.PostAsync("/v1/orders", Json($$"""{"order_no":"{{orderNo}}","user_id":1,"order_money":5}""")).DefaultTimeout()).EnsureSuccessStatusCode();

        using var response = await http.PostAsync("/v1/orders", Json($$"""{"order_no":"{{orderNo}}","user_id":2,"order_money":5}""")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.ReadJsonAsync()).GetProperty("code").GetInt32().Should().Be(6);
    }

    [Fact]
    public async Task MethodNotAllowed_Response_CarriesAllowHeader()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.DeleteAsync("/v1/prod/1").DefaultTimeout();

        response.Content.Headers.Allow.Should().Equal("GET");
    }

    [Fact]
    public async Task RestPort_WithoutClientCertificate_IsRefused()
    {
        using var http = RestClients.Create(fixture.RestAddress, fixture.Certificates.Authority, clientCertificate: null);

        var act = () => http.GetAsync("/v1/prod/1").DefaultTimeout();

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task GrpcPort_RestRoute_IsNotServed()
    {
        using var http = RestClients.Create(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var response = await http.GetAsync("/v1/prod/1").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GrpcPort_RestPathWithAnotherMethod_IsNotServed()
    {
        // The REST port answers 405 here; the gRPC port knows no REST path at all.
        using var http = RestClients.Create(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var response = await http.DeleteAsync("/v1/prod/1").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout());
        body.RootElement.GetProperty("code").GetInt32().Should().Be(5);
        body.RootElement.GetProperty("message").GetString().Should().Contain("DELETE /v1/prod/1").And.Contain("REST port");
    }

    [Fact]
    public async Task RestPort_GrpcMethod_IsNotServed()
    {
        using var channel = RawChannels.Tls(fixture.RestAddress, fixture.Certificates.Authority, fixture.Certificates.Client);

        var act = () => channel.CreateGrpcService<ProdStock.Contracts.IProdService>()
            .GetProdStockAsync(new ProdStock.Contracts.ProdRequest { ProdId = 1 }).DefaultTimeout();

        (await act.Should().ThrowAsync<Grpc.Core.RpcException>()).Which.StatusCode.Should().NotBe(Grpc.Core.StatusCode.OK);
    }

    [Fact]
    public async Task PostOrders_InvalidFields_ReturnsBadRequestDetailNamingEveryField()
    {
        using var http = fixture.CreateRestClient();

        using var response = await http.PostAsync("/v1/orders", Json("""{"order_no":"","user_id":-1,"order_money":"NaN"}""")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var detail = (await response.ReadJsonAsync()).GetProperty("details").EnumerateArray().Single();
        detail.GetProperty("@type").GetString().Should().Be("type.googleapis.com/google.rpc.BadRequest");
        detail.GetProperty("field_violations").EnumerateArray().Select(v => v.GetProperty("field").GetString())
            .Should().Equal("order_main.order_no", "order_main.user_id", "order_main.order_money");
    }

    [Fact]
    public async Task PostUserScores_BodyOverKestrelLimit_Returns413ResourceExhausted()
    {
        using var http = fixture.CreateRestClient();
        var huge = new string(' ', 31 * 1024 * 1024);
        // HTTP/2: the server can answer and reset the stream while the client still sends, and the client reads the answer.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users/scores")
        {
            Content = Json("{" + huge + "}"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await http.SendAsync(request).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadJsonAsync()).GetProperty("code").GetInt32().Should().Be(8);
    }
}
