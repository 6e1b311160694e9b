using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProdStock.Host.Streams;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// Issue 23, item 3: connections per listener (<c>ProdStock:Limits:MaxConnections</c>) and calls per connection
/// (<c>ProdStock:Limits:MaxStreamsPerConnection</c>) are bounded, so one client cannot open calls without end.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Connections_BeyondMaxConnections_AreRefusedUntilOneCloses()
    {
        await using var host = await LimitedHost.StartAsync("--ProdStock:Limits:MaxConnections=2");
        using var first = host.Channel();
        var second = host.Channel();
        await UserStreamCalls.Unary(first, 1).ResponseAsync.DefaultTimeout();
        await UserStreamCalls.Unary(second, 1).ResponseAsync.DefaultTimeout();

        using (var third = host.Channel())
        {
            var refused = () => UserStreamCalls.Unary(third, 1).ResponseAsync.DefaultTimeout();
            (await refused.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unavailable);
        }

        second.Dispose();
        (await ServedOnANewConnectionAsync(host)).Should().BeTrue("a closed connection frees its place");
    }

    [Fact]
    public async Task Calls_BeyondMaxStreamsPerConnection_WaitForAFreeStream()
    {
        await using var host = await LimitedHost.StartAsync("--ProdStock:Limits:MaxStreamsPerConnection=2");
        using var channel = host.Channel();
        using var firstStream = UserStreamCalls.ClientStream(channel);
        using var secondStream = UserStreamCalls.ClientStream(channel);
        await firstStream.RequestStream.WriteAsync(UserStreamCalls.Request(1)).DefaultTimeout();
        await secondStream.RequestStream.WriteAsync(UserStreamCalls.Request(1)).DefaultTimeout();

        // The host announces 2 streams in its HTTP/2 settings; the client queues a third call rather than the host refusing it.
        var waiting = UserStreamCalls.Unary(channel, 1).ResponseAsync;
        await Task.Delay(TimeSpan.FromSeconds(1));
        waiting.IsCompleted.Should().BeFalse("both of the connection's streams are taken");
        using (var other = host.Channel())
        {
            await UserStreamCalls.Unary(other, 1).ResponseAsync.DefaultTimeout();
        }

        await firstStream.RequestStream.CompleteAsync().DefaultTimeout();
        await firstStream.ResponseAsync.DefaultTimeout();

        (await waiting.DefaultTimeout()).Length.Should().Be(7, "the queued call is served once a stream is free");
    }

    [Fact]
    public async Task StreamingCalls_BeyondMaxStreamingCalls_AreRefusedResourceExhaustedUntilOneEnds()
    {
        await using var host = await LimitedHost.StartAsync("--ProdStock:Limits:MaxStreamingCalls=2");
        using var first = host.Channel();
        using var second = host.Channel();
        using var held1 = UserStreamCalls.ClientStream(first);
        using var held2 = UserStreamCalls.Duplex(second);
        await held1.RequestStream.WriteAsync(UserStreamCalls.Request(10_000)).DefaultTimeout();
        await held2.RequestStream.WriteAsync(UserStreamCalls.Request(1)).DefaultTimeout();
        (await held2.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout()).Should().BeTrue("the duplex is being served");
        // A written message says nothing of when the host takes the client stream's slot (Kestrel runs each stream on the
        // thread pool), so the third call could otherwise overtake it: wait until the host holds both.
        await WaitUntilAsync(() => host.Host.Services.GetRequiredService<StreamingCallGate>().Open == 2);

        using var third = UserStreamCalls.ServerStream(first, users: 1);
        var (_, refused) = await UserStreamCalls.DrainAsync(third.ResponseStream);
        var unary = await UserStreamCalls.Unary(second, users: 1).ResponseAsync.DefaultTimeout();

        refused.Should().NotBeNull();
        refused!.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        refused.Status.Detail.Should().Contain("most streaming calls at once (2)");
        unary.Should().NotBeEmpty("unary calls are not counted");

        await held1.RequestStream.CompleteAsync().DefaultTimeout();
        (await held1.ResponseAsync.DefaultTimeout()).Should().NotBeEmpty();
        using var fourth = UserStreamCalls.ServerStream(first, users: 1);
        (await UserStreamCalls.DrainAsync(fourth.ResponseStream)).Should().Be((1, (RpcException?)null), "the ended call freed its slot");
    }

    [Fact]
    public async Task Kestrel_Defaults_LimitConnectionsAndStreamsAndPingIdleConnections()
    {
        await using var host = await LimitedHost.StartAsync();

        var kestrel = host.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        kestrel.Limits.MaxConcurrentConnections.Should().Be(1_000);
        kestrel.Limits.Http2.MaxStreamsPerConnection.Should().Be(100);
        kestrel.Limits.Http2.KeepAlivePingDelay.Should().Be(TimeSpan.FromSeconds(60));
        kestrel.Limits.Http2.KeepAlivePingTimeout.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Kestrel_LimitsConfigured_AreApplied()
    {
        await using var host = await LimitedHost.StartAsync(
            "--ProdStock:Limits:MaxConnections=5", "--ProdStock:Limits:MaxStreamsPerConnection=6", "--ProdStock:Limits:KeepAlivePingDelay=00:00:07");

        var kestrel = host.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        kestrel.Limits.MaxConcurrentConnections.Should().Be(5);
        kestrel.Limits.Http2.MaxStreamsPerConnection.Should().Be(6);
        kestrel.Limits.Http2.KeepAlivePingDelay.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Theory]
    [InlineData("MaxConnections", "0")]
    [InlineData("MaxStreamsPerConnection", "0")]
    [InlineData("StreamIdleTimeout", "00:00:00")]
    [InlineData("StreamIdleTimeout", "02:00:00")]
    [InlineData("KeepAlivePingDelay", "00:00:00")]
    [InlineData("MaxStreamingCalls", "0")]
    public async Task Start_LimitOutOfRange_FailsNamingIt(string key, string value)
    {
        var act = () => LimitedHost.StartAsync($"--ProdStock:Limits:{key}={value}");

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(key);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.Timeout;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition holds within the test timeout");
            await Task.Delay(10);
        }
    }

    /// <summary>Whether a call on a fresh connection is served; the host notices a closed connection a moment after the client closes it.</summary>
    private static async Task<bool> ServedOnANewConnectionAsync(LimitedHost host)
    {
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var channel = host.Channel();
            try
            {
                await UserStreamCalls.Unary(channel, 1).ResponseAsync.DefaultTimeout();
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
