using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ProdStock.IntegrationTests.Abuse;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>
/// REST requests of a client that stops: one whose body sends a first NDJSON line and then nothing, and a client with a
/// 4 KB socket receive buffer (so what it does not read stays with the host, as far as the kernel lets it).
/// </summary>
internal static class StalledRestClient
{
    /// <summary>An HttpClient for <paramref name="host"/>'s REST listener speaking only <paramref name="version"/>.</summary>
    public static HttpClient Create(LimitedHost host, Version version)
    {
        var handler = TestTlsHandler.Create(host.Workspace.Certificates.Authority, host.Workspace.Certificates.Client);
        handler.ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
            await socket.ConnectAsync(context.DnsEndPoint, token);
            return new NetworkStream(socket, ownsSocket: true);
        };
        return new HttpClient(handler)
        {
            BaseAddress = host.Host.RestAddress,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>A <c>UserScoreRequest</c> naming user 1 <paramref name="users"/> times, as one JSON line.</summary>
    public static string Users(int users) => "{\"users\":[" + string.Join(",", Enumerable.Repeat("{\"user_id\":1}", users)) + "]}";

    public static HttpRequestMessage Request(Version version, string path, HttpContent content) =>
        new(HttpMethod.Post, path) { Content = content, Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    /// <summary>An NDJSON body that sends <paramref name="firstLine"/> and then nothing until <paramref name="stop"/>.</summary>
    public static HttpContent SilentAfter(string firstLine, CancellationToken stop) => new LineContent([firstLine], TimeSpan.Zero, stop);

    /// <summary>An NDJSON body of <paramref name="lines"/>, each flushed, <paramref name="pause"/> apart; then it ends.</summary>
    public static HttpContent Paced(IReadOnlyList<string> lines, TimeSpan pause) => new LineContent(lines, pause, stopSilence: null);

    private sealed class LineContent : HttpContent
    {
        private readonly IReadOnlyList<string> _lines;
        private readonly TimeSpan _pause;
        private readonly CancellationToken? _stopSilence;

        public LineContent(IReadOnlyList<string> lines, TimeSpan pause, CancellationToken? stopSilence)
        {
            _lines = lines;
            _pause = pause;
            _stopSilence = stopSilence;
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            for (var i = 0; i < _lines.Count; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(_pause, cancellationToken);
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(_lines[i] + "\n"), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            if (_stopSilence is { } stop)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken);
                await Task.Delay(Timeout.Infinite, either.Token);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
