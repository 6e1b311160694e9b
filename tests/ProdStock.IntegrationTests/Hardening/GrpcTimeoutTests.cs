using System.Net;
using System.Net.Http.Headers;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Hardening;

/// <summary>
/// A <c>grpc-timeout</c> in any unit is a deadline, however short: one below Grpc.AspNetCore.Server's resolution (a .NET
/// tick) has passed on arrival and ends the call with <c>DEADLINE_EXCEEDED</c> instead of running it without a deadline.
/// Sent as raw HTTP/2 requests, since no gRPC client library sends such a header.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class GrpcTimeoutTests(HostFixture fixture)
{
    // ProdRequest{prod_id: 1} in a gRPC frame: not compressed, 2 bytes.
    private static readonly byte[] GetProduct1 = [0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x01];

    [Theory]
    [InlineData("1n")]
    [InlineData("99n")]
    [InlineData("0n")]
    [InlineData("0u")]
    [InlineData("0m")]
    [InlineData("0S")]
    [InlineData("0M")]
    [InlineData("0H")]
    public async Task GetProdStock_TimeoutBelowOneTick_ReturnsDeadlineExceeded(string timeout)
    {
        var (status, message) = await CallAsync(timeout);

        status.Should().Be("4", $"grpc-timeout {timeout} is a deadline that has passed");
        message.Should().Be("Deadline Exceeded");
    }

    [Theory]
    [InlineData("10S")]
    [InlineData("30000000u")]
    [InlineData("bogus")]
    public async Task GetProdStock_LongOrMalformedTimeout_IsServed(string timeout)
    {
        var (status, _) = await CallAsync(timeout);

        status.Should().Be("0", "a long deadline lets the call run; a malformed one is ignored, as gRPC specifies");
    }

    /// <summary>The call's grpc-status and grpc-message, from the trailers or, for a trailers-only answer, the headers.</summary>
    private async Task<(string? Status, string? Message)> CallAsync(string timeout)
    {
        using var http = new HttpClient(TestTlsHandler.Create(fixture.Certificates.Authority, fixture.Certificates.Client));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Address, "/services.ProdService/GetProdStock"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GetProduct1),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);

        using var response = await http.SendAsync(request).DefaultTimeout();
        await response.Content.ReadAsByteArrayAsync().DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (Value(response, "grpc-status"), Value(response, "grpc-message"));
    }

    private static string? Value(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues(name, out var header) ? header.Single()
        : null;
}
