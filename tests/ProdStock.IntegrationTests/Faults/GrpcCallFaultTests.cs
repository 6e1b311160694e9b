using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Testing;
using ProtoBuf.Grpc.Client;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>
/// Faults of the call: a message over the receive limit, and streams the client cancels or lets overrun their deadline.
/// The host frees each call: its <c>http.server.active_requests</c> goes back to where it was, within a bounded time.
/// (Bytes that are not valid protobuf are the rows of <see cref="MalformedRequestTests"/>.)
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class GrpcCallFaultTests(FaultHostFixture fixture)
{
    private static readonly TimeSpan FreedWithin = TimeSpan.FromSeconds(5);

    /// <summary>Long enough for the call to be seen open on the host, even on a busy machine.</summary>
    private static readonly TimeSpan CallDeadline = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task GetUserScore_MessageOverReceiveLimit_ReturnsResourceExhaustedAndHostKeepsServing()
    {
        using var channel = fixture.CreateRawChannel();
        var payload = CallFaults.OversizedUserScoreRequest();

        var error = await CallFaults.SendRawUnaryExpectingFailureAsync(channel, ProtoNames.UserService, "GetUserScore", payload);

        payload.Length.Should().BeGreaterThan(CallFaults.ReceiveLimit);
        error.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        using var client = fixture.CreateUncheckedClient();
        (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout()).ProdId.Should().Be(1);
    }

    [Fact]
    public async Task GetUserScoreByClientStream_ClientCancelsMidStream_HostFreesTheCall()
    {
        using var client = fixture.CreateUncheckedClient();
        await WarmUpAsync(client.Products);
        var baseline = await fixture.SettledActiveRequestsAsync();

        var error = await CallFaults.CancelClientStreamMidwayAsync(client.Users, () => ShouldBeOpenAsync(baseline));

        CallFaults.IsCancellation(error).Should().BeTrue("the call ends cancelled, not {0}", error);
        await ShouldBeFreedAsync(baseline);
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_ClientCancelsMidStream_HostFreesTheCall()
    {
        using var client = fixture.CreateUncheckedClient();
        await WarmUpAsync(client.Products);
        var baseline = await fixture.SettledActiveRequestsAsync();

        var error = await CallFaults.CancelDuplexStreamMidwayAsync(client.Users, () => ShouldBeOpenAsync(baseline));

        CallFaults.IsCancellation(error).Should().BeTrue("the call ends cancelled, not {0}", error);
        await ShouldBeFreedAsync(baseline);
    }

    [Fact]
    public async Task GetUserScoreByClientStream_DeadlineExceeded_ReturnsDeadlineExceededAndHostFreesTheCall()
    {
        using var client = fixture.CreateUncheckedClient();
        await WarmUpAsync(client.Products);
        var baseline = await fixture.SettledActiveRequestsAsync();

        var error = await CallFaults.OverrunClientStreamDeadlineAsync(client.Users, CallDeadline, () => ShouldBeOpenAsync(baseline));

        CallFaults.EndedByDeadline(error).Should().BeTrue("the call ends past its deadline, not {0}", error);
        await ShouldBeFreedAsync(baseline);
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_DeadlineExceeded_ReturnsDeadlineExceededAndHostFreesTheCall()
    {
        // Grpc.Net.Client's own API: no request pump of protobuf-net.Grpc between the test and the transport.
        using var channel = fixture.CreateRawChannel();
        await WarmUpAsync(channel.CreateGrpcService<IProdService>());
        var baseline = await fixture.SettledActiveRequestsAsync();

        var error = await CallFaults.OverrunDuplexStreamDeadlineAsync(channel, CallDeadline, () => ShouldBeOpenAsync(baseline));

        CallFaults.EndedByDeadline(error).Should().BeTrue("the call ends past its deadline, not {0}", error);
        await ShouldBeFreedAsync(baseline);
    }

    /// <summary>One call first, so the connection (and its TLS handshake) is up before a call's time is measured.</summary>
    private static async Task WarmUpAsync(IProdService products) =>
        (await products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout()).ProdId.Should().Be(1);

    private async Task ShouldBeOpenAsync(long baseline) =>
        (await fixture.WaitForActiveRequestsAsync(v => v > baseline, FreedWithin)).Should().Be(baseline + 1, "the call is open on the host");

    private async Task ShouldBeFreedAsync(long baseline) =>
        (await fixture.WaitForActiveRequestsAsync(v => v == baseline, FreedWithin)).Should().Be(baseline, "the host frees the call within {0}", FreedWithin);
}
