using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using CodeFirst.AspNetCore;
using ProdStock.IntegrationTests.Abuse;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>
/// The gateway's streaming routes bypass the gRPC stream guard, and Kestrel's minimum data rates do not end them: a
/// large first line keeps a request body's average rate above 240 B/s for minutes, and HTTP/2 flow control is not
/// timed (a non-reading client held <c>scores:stream</c> for 40 s and more). So the gateway applies
/// <c>ProdStock:Limits:StreamIdleTimeout</c> (1 s here) to each line it waits for; the bound on noticing it is 10 s.
/// </summary>
public sealed class RestStalledStreamTests
{
    private static readonly TimeSpan Noticed = TimeSpan.FromSeconds(10);
    private static readonly string[] ShortIdle = ["--ProdStock:Limits:StreamIdleTimeout=00:00:01", "--Logging:LogLevel:ProdStock.Host.Logging.CallLog=Debug"];

    public static TheoryData<string> Versions => new() { "1.1", "2.0" };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task CollectScores_SilentAfterA10000UserLine_EndsDeadlineExceeded408(string version)
    {
        await using var host = await LimitedHost.StartAsync(ShortIdle);
        using var active = new ActiveRequests(host.Host.Services);
        using var http = StalledRestClient.Create(host, Version.Parse(version));
        using var stop = new CancellationTokenSource();
        using var request = StalledRestClient.Request(Version.Parse(version), "/v1/users/scores:collect",
            StalledRestClient.SilentAfter(StalledRestClient.Users(10_000), stop.Token));

        var sending = http.SendAsync(request);
        var line = await host.WaitForLogAsync("/v1/users/scores:collect (/services.UserService/GetUserScoreByClientStream) failed", Noticed);

        line.Message.Should().Contain("failed: DEADLINE_EXCEEDED, HTTP 408");
        (await active.WaitUntilAsync(v => v == 0, Noticed)).Should().Be(0, "the host holds the request no longer");
        if (version == "2.0")
        {
            // HTTP/2 delivers the answer while the body is still open; an HTTP/1.1 client reads it only after sending.
            using var response = await sending.WaitAsync(Noticed);
            response.StatusCode.Should().Be(HttpStatusCode.RequestTimeout);
            var error = await response.ReadJsonAsync();
            error.GetProperty("code").GetInt32().Should().Be(4);
            error.GetProperty("message").GetString().Should().Be("no message from the client for 1 s; POST /v1/users/scores:collect ended");
        }

        await stop.CancelAsync();
        await sending.ContinueWith(static _ => { }, TaskScheduler.Default).DefaultTimeout(); // the HTTP/1.1 client gives up its body
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task PostScores_BodyStalledHalfway_EndsDeadlineExceeded408(string version)
    {
        // A whole body, sent fast up to half and then nothing: Kestrel's 240 B/s average would hold it for minutes.
        await using var host = await LimitedHost.StartAsync(ShortIdle);
        using var active = new ActiveRequests(host.Host.Services);
        using var http = StalledRestClient.Create(host, Version.Parse(version));
        using var stop = new CancellationTokenSource();
        using var request = StalledRestClient.Request(Version.Parse(version), "/v1/users/scores", new HalfThenSilentContent(StalledRestClient.Users(10_000), stop.Token));

        var sending = http.SendAsync(request);
        var line = await host.WaitForLogAsync("/v1/users/scores (/services.UserService/GetUserScore) failed", Noticed);

        line.Message.Should().Contain("failed: DEADLINE_EXCEEDED, HTTP 408");
        (await active.WaitUntilAsync(v => v == 0, Noticed)).Should().Be(0, "the host holds the request no longer");
        await stop.CancelAsync();
        await sending.ContinueWith(static _ => { }, TaskScheduler.Default).DefaultTimeout();
    }

    [Fact]
    public async Task CollectScores_LinesMoreOftenThanTheIdleTimeout_AreServedToTheEnd()
    {
        // A 3 s timeout against a line every 0.3 s: ten times the pace, so a loaded machine's delays do not end the call.
        await using var host = await LimitedHost.StartAsync("--ProdStock:Limits:StreamIdleTimeout=00:00:03");
        using var http = StalledRestClient.Create(host, HttpVersion.Version20);
        using var request = StalledRestClient.Request(HttpVersion.Version20, "/v1/users/scores:collect",
            StalledRestClient.Paced([.. Enumerable.Repeat(StalledRestClient.Users(1), 14)], TimeSpan.FromMilliseconds(300)));

        using var response = await http.SendAsync(request).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK, "4.2 s in all, longer than the idle timeout: each line re-arms it");
        (await response.ReadJsonAsync()).GetProperty("users").GetArrayLength().Should().Be(14);
    }

    [Fact]
    public async Task StreamScores_Http2ClientReadsNothing_IsResetAndLogged()
    {
        await using var host = await LimitedHost.StartAsync([.. ShortIdle, "--ProdStock:Users:StreamBatchSize=1"]);
        using var active = new ActiveRequests(host.Host.Services);
        using var http = StalledRestClient.Create(host, HttpVersion.Version20);
        using var request = StalledRestClient.Request(HttpVersion.Version20, "/v1/users/scores:stream", Json(StalledRestClient.Users(10_000)));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();

        var line = await host.WaitForLogAsync("/v1/users/scores:stream (/services.UserService/GetUserScoreByServerStream) failed", Noticed);
        var left = await active.WaitUntilAsync(v => v == 0, Noticed);
        var read = () => response.Content.ReadAsStringAsync().DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK, "the stream had started");
        line.Message.Should().Contain("failed: DEADLINE_EXCEEDED, HTTP 200");
        left.Should().Be(0, "the host holds the stream no longer");
        await read.Should().ThrowAsync<HttpRequestException>("the stream was reset before its 10,000 lines");
    }

    [Fact]
    public async Task StreamScores_Http11ClientReadsNothing_WholeAnswerLeavesTheHostAtOnce()
    {
        // HTTP/1.1 has no flow control of its own: the largest answer (10,000 users, about 0.44 MB) fits the kernel's
        // socket buffers, so the host is done with it even though the client reads nothing, with the default 30 s timeout.
        await using var host = await LimitedHost.StartAsync("--ProdStock:Users:StreamBatchSize=1");
        using var active = new ActiveRequests(host.Host.Services);
        using var http = StalledRestClient.Create(host, HttpVersion.Version11);
        using var request = StalledRestClient.Request(HttpVersion.Version11, "/v1/users/scores:stream", Json(StalledRestClient.Users(10_000)));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();

        var left = await active.WaitUntilAsync(v => v == 0, Noticed);
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        left.Should().Be(0, "nothing of the call stays with the host");
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(10_000, "the client still gets every line when it reads");
    }

    [Fact]
    public async Task StreamIdleTimeout_FollowsTheLimitsSetting()
    {
        await using var configured = await LimitedHost.StartAsync("--ProdStock:Limits:StreamIdleTimeout=00:00:07");
        await using var byDefault = await LimitedHost.StartAsync();

        configured.Host.Services.GetRequiredService<IOptions<RestGatewayOptions>>().Value.StreamIdleTimeout.Should().Be(TimeSpan.FromSeconds(7));
        byDefault.Host.Services.GetRequiredService<IOptions<RestGatewayOptions>>().Value.StreamIdleTimeout.Should().Be(TimeSpan.FromSeconds(30));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A JSON body whose declared length is the whole, of which the first half is sent and the rest never.</summary>
    private sealed class HalfThenSilentContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly CancellationToken _stop;

        public HalfThenSilentContent(string json, CancellationToken stop)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            _stop = stop;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_bytes.AsMemory(0, _bytes.Length / 2), _stop);
            await stream.FlushAsync(_stop);
            await Task.Delay(Timeout.Infinite, _stop);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
