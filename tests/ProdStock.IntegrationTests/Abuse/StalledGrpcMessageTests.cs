using System.Net;
using Grpc.Core;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// A gRPC message sent in part, fast, and then left: Kestrel's minimum request body data rate would let the host hold
/// what arrived for hours (the average rate stays high), so the toolkit's frame guard ends the call after
/// <c>ProdStock:Limits:StreamIdleTimeout</c> with no byte more.
/// </summary>
public sealed class StalledGrpcMessageTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    public static TheoryData<string, string> Methods => new()
    {
        { "unary", "/services.ProdService/GetProdStock" },
        { "server streaming", "/services.UserService/GetUserScoreByServerStream" },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Call_MessageHalfSentThenSilent_EndsDeadlineExceeded(string kind, string path)
    {
        await using var host = await LimitedHost.StartAsync($"--ProdStock:Limits:StreamIdleTimeout={Idle}");
        using var http = new HttpClient(TestTlsHandler.Create(host.Workspace.Certificates.Authority, host.Workspace.Certificates.Client))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var silence = new CancellationTokenSource();
        // A prefix declaring 1 MiB (under the 4 MiB receive limit), then 64 KiB of it, then nothing.
        var part = RawGrpcRequests.Frame(0, 1 << 20, new byte[64 * 1024]);

        var status = await RawGrpcRequests.SendAsync(http, host.Host.Address, path, new SilentAfterContent(part, silence.Token));
        await silence.CancelAsync();

        status.Should().Be((StatusCode.DeadlineExceeded, "The client sent part of a message and then nothing for 1 s."), kind);
    }

    [Fact]
    public async Task Call_MessageSentSlowlyButSteadily_IsServed()
    {
        var idle = TimeSpan.FromSeconds(2);
        await using var host = await LimitedHost.StartAsync($"--ProdStock:Limits:StreamIdleTimeout={idle}");
        using var http = new HttpClient(TestTlsHandler.Create(host.Workspace.Certificates.Authority, host.Workspace.Certificates.Client));
        // A UserScoreRequest of 10 users (45 bytes with its prefix) in 3-byte pieces 150 ms apart: 2.25 s in all, longer
        // than the idle timeout, but never silent for more than a thirteenth of it (a loaded machine delays sends).
        var message = RawGrpcRequests.Frame(UserStreamCalls.Request(10));

        var status = await RawGrpcRequests.SendAsync(http, host.Host.Address, "/services.UserService/GetUserScore",
            new PacedContent(message, 3, TimeSpan.FromMilliseconds(150)));

        status.Should().Be((StatusCode.OK, ""));
    }

    /// <summary>A body that sends <paramref name="part"/> and then nothing until <paramref name="stop"/>.</summary>
    private sealed class SilentAfterContent(byte[] part, CancellationToken stop) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(part, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken);
            await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>A body that sends <paramref name="body"/> in pieces of <paramref name="piece"/> bytes, <paramref name="pause"/> apart.</summary>
    private sealed class PacedContent(byte[] body, int piece, TimeSpan pause) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            for (var offset = 0; offset < body.Length; offset += piece)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(piece, body.Length - offset)), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await Task.Delay(pause, cancellationToken);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
