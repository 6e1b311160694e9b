using Grpc.Core;
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
    // ProdRequest{prod_id: 1}.
    private static readonly byte[] GetProduct1 = RawGrpcRequests.Frame([0x08, 0x01]);

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

        status.Should().Be(StatusCode.DeadlineExceeded, $"grpc-timeout {timeout} is a deadline that has passed");
        message.Should().Be("Deadline Exceeded");
    }

    [Theory]
    [InlineData("10S")]
    [InlineData("30000000u")]
    [InlineData("bogus")]
    public async Task GetProdStock_LongOrMalformedTimeout_IsServed(string timeout)
    {
        var (status, _) = await CallAsync(timeout);

        status.Should().Be(StatusCode.OK, "a long deadline lets the call run; a malformed one is ignored, as gRPC specifies");
    }

    private async Task<(StatusCode Status, string Message)> CallAsync(string timeout)
    {
        using var http = new HttpClient(TestTlsHandler.Create(fixture.Certificates.Authority, fixture.Certificates.Client));
        return await RawGrpcRequests.SendAsync(http, fixture.Address, "/services.ProdService/GetProdStock", GetProduct1, ("grpc-timeout", timeout));
    }
}
