using System.Net;
using Microsoft.Extensions.Options;
using ProdStock.Testing;
using static ProdStock.IntegrationTests.Gateway.GatewayJson;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>The gateway's body size limits and allowed origins as configured (<c>ProdStock:Rest:*</c>), each on a host of its own.</summary>
public sealed class GatewayLimitOptionsTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task MaxRequestBodySize_Configured_HoldsEveryRouteButThoseConfiguredByMethod()
    {
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath,
            "--ProdStock:Rest:MaxRequestBodySize=2000", "--ProdStock:Rest:MaxRequestBodySizeByMethod:services.UserService/GetUserScore=100000");
        using var http = RestClients.Create(host.RestAddress, _workspace.Certificates.Authority, _workspace.Certificates.Client);
        var users = "{\"users\":[" + string.Join(',', Enumerable.Range(1, 300).Select(id => $"{{\"user_id\":{id}}}")) + "]}";

        using var order = await http.PostAsync("/v1/orders", Json(GatewayRequestGuardTests.PaddedOrder("L-1", 2001))).DefaultTimeout();
        using var scores = await http.PostAsync("/v1/users/scores", Json(users)).DefaultTimeout();

        order.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        var error = await order.ReadJsonAsync();
        error.GetProperty("code").GetInt32().Should().Be(8);
        error.GetProperty("message").GetString().Should().Be("the request body is larger than 2000 bytes, the most POST /v1/orders accepts");
        users.Length.Should().BeGreaterThan(2000);
        scores.StatusCode.Should().Be(HttpStatusCode.OK, "GetUserScore's own limit is 100000 bytes");
    }

    [Fact]
    public async Task AllowedOrigins_Configured_ListedOriginIsServedOthersRefused()
    {
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, "--ProdStock:Rest:AllowedOrigins:0=HTTPS://App.Example:8443/");
        using var http = RestClients.Create(host.RestAddress, _workspace.Certificates.Authority, _workspace.Certificates.Client);

        using var allowed = await PostScoresFromAsync(http, "https://app.example:8443");
        using var otherPort = await PostScoresFromAsync(http, "https://app.example");

        allowed.StatusCode.Should().Be(HttpStatusCode.OK, await allowed.Content.ReadAsStringAsync());
        otherPort.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await otherPort.ReadJsonAsync()).GetProperty("message").GetString().Should().Contain("'https://app.example'");
    }

    [Theory]
    [InlineData("--ProdStock:Rest:MaxRequestBodySize=0", "MaxRequestBodySize must be between 1 and")]
    [InlineData("--ProdStock:Rest:MaxRequestBodySizeByMethod:services.OrderService/NewOrder=-5", "MaxRequestBodySizeByMethod:services.OrderService/NewOrder must be between 1 and")]
    [InlineData("--ProdStock:Rest:AllowedOrigins:0=https://app.example/orders", "AllowedOrigins entry 'https://app.example/orders' is not an origin")]
    [InlineData("--ProdStock:Rest:AllowedOrigins:0=*", "AllowedOrigins entry '*' is not an origin")]
    public async Task InvalidSetting_HostStart_FailsNamingIt(string argument, string message)
    {
        var act = () => TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, argument);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    public void Dispose() => _workspace.Dispose();

    private static Task<HttpResponseMessage> PostScoresFromAsync(HttpClient http, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users/scores") { Content = Json("""{"users":[{"user_id":1}]}""") };
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        return http.SendAsync(request).DefaultTimeout();
    }
}
