using Grpc.Core;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// Issue 23, items 3 and 4: a streaming call whose client stops reading, or stops sending, is ended after
/// <c>ProdStock:Limits:StreamIdleTimeout</c> (1 s here) with a line of its own, instead of holding its request and
/// its connection: a silent client gets <c>DEADLINE_EXCEEDED</c>; a client that reads nothing cannot read trailers
/// either, so its stream is reset and it sees <c>CANCELLED</c> when it reads again.
/// </summary>
public sealed class StalledStreamTests
{
    private const string IdleTimeout = "--ProdStock:Limits:StreamIdleTimeout=00:00:01";

    /// <summary>The bound on noticing a 1 s idle timeout: generous, for a CPU shared with other builds.</summary>
    private static readonly TimeSpan Noticed = TimeSpan.FromSeconds(10);

    // One user per message: 10,000 users' answers are 120 KB, more than HTTP/2 flow control (a 64 KB stream window) and
    // Kestrel's response buffer (64 KB) take from a client that reads nothing, so the host's writes stall.
    private static readonly string[] OneUserPerMessage = [IdleTimeout, "--ProdStock:Users:StreamBatchSize=1"];

    [Fact]
    public async Task ServerStream_ClientStopsReading_IsResetAndLogged()
    {
        await using var host = await LimitedHost.StartAsync(OneUserPerMessage);
        using var channel = host.Channel();
        using var call = UserStreamCalls.ServerStream(channel, users: 10_000);
        (await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout()).Should().BeTrue();

        var line = await host.WaitForLogAsync("the client read nothing for 1 s", Noticed);
        var (messages, error) = await UserStreamCalls.DrainAsync(call.ResponseStream);

        line.Message.Should().Contain("/services.UserService/GetUserScoreByServerStream").And.Contain("ended DEADLINE_EXCEEDED");
        error.Should().NotBeNull("the host ended the stream before its 10,000 answers");
        error!.StatusCode.Should().Be(StatusCode.Cancelled, "the host resets the stream: {0}", error);
        messages.Should().BeLessThan(9_999);
    }

    [Fact]
    public async Task DuplexStream_ClientSendsButNeverReads_IsResetAndLogged()
    {
        await using var host = await LimitedHost.StartAsync(IdleTimeout);
        using var channel = host.Channel();
        using var call = UserStreamCalls.Duplex(channel);
        for (var i = 0; i < 3; i++)
        {
            // Each answer is about 70 KB: the second already waits for a client that reads nothing.
            await call.RequestStream.WriteAsync(UserStreamCalls.Request(10_000)).DefaultTimeout();
        }

        var line = await host.WaitForLogAsync("the client read nothing for 1 s", Noticed);
        var (_, error) = await UserStreamCalls.DrainAsync(call.ResponseStream);

        line.Message.Should().Contain("/services.UserService/GetUserScoreByDoubleEndStream");
        error.Should().NotBeNull();
        error!.StatusCode.Should().Be(StatusCode.Cancelled);
    }

    [Fact]
    public async Task ClientStream_SilentAfterOneMessage_EndsDeadlineExceededAndLogsIt()
    {
        await using var host = await LimitedHost.StartAsync(IdleTimeout);
        using var channel = host.Channel();
        using var call = UserStreamCalls.ClientStream(channel);
        await call.RequestStream.WriteAsync(UserStreamCalls.Request(1)).DefaultTimeout();

        var act = () => call.ResponseAsync.WaitAsync(Noticed);

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        var line = await host.WaitForLogAsync("no message from the client for 1 s", Noticed);
        line.Message.Should().Contain("/services.UserService/GetUserScoreByClientStream");
    }

    [Fact]
    public async Task DuplexStream_SilentAfterOneAnswer_EndsDeadlineExceeded()
    {
        await using var host = await LimitedHost.StartAsync(IdleTimeout);
        using var channel = host.Channel();
        using var call = UserStreamCalls.Duplex(channel);
        await call.RequestStream.WriteAsync(UserStreamCalls.Request(1)).DefaultTimeout();
        (await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout()).Should().BeTrue();

        var (messages, error) = await UserStreamCalls.DrainAsync(call.ResponseStream);

        messages.Should().Be(0);
        error.Should().NotBeNull();
        error!.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        (await host.WaitForLogAsync("no message from the client for 1 s", Noticed)).Message.Should().Contain("GetUserScoreByDoubleEndStream");
    }

    [Fact]
    public async Task ClientStream_MessagesMoreOftenThanTheIdleTimeout_IsServedToTheEnd()
    {
        // A 3 s timeout against a message every 0.3 s (ten times the pace, so a loaded machine's delays do not end the
        // call), 4.2 s in all, longer than the idle timeout: each message re-arms it.
        await using var host = await LimitedHost.StartAsync("--ProdStock:Limits:StreamIdleTimeout=00:00:03");
        using var channel = host.Channel();
        using var call = UserStreamCalls.ClientStream(channel);
        for (var i = 0; i < 14; i++)
        {
            await call.RequestStream.WriteAsync(UserStreamCalls.Request(1)).DefaultTimeout();
            await Task.Delay(300);
        }

        await call.RequestStream.CompleteAsync().DefaultTimeout();
        var response = await call.ResponseAsync.DefaultTimeout();

        response.Length.Should().Be(14 * 7, "14 users, each answered as users { user_id: 1, user_score: 5086 }");
        host.Logs.Entries.Should().NotContain(entry => entry.Message.Contains("ended DEADLINE_EXCEEDED", StringComparison.Ordinal));
    }
}
