using System.Net;
using System.Net.Sockets;

namespace ProdStock.Testing;

/// <summary>
/// A TCP relay on 127.0.0.1, port 0, to a target endpoint that counts the connections on which a client sent something
/// (a TLS handshake): how a test sees how many attempts a client made when every attempt fails before it reaches the
/// server's application code. Grpc.Net.Client may also open a socket ahead of need (its subchannel connectivity check)
/// and leave it idle; such a connection is no attempt and is not counted.
/// </summary>
public sealed class ConnectionCountingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    /// <param name="target">The address relayed to, such as <see cref="TestHost.Address"/>.</param>
    /// <param name="listenOn">A loopback address to listen on; default 127.0.0.1 (another, such as 127.0.0.2, gives a name the server's certificate lacks).</param>
    public ConnectionCountingProxy(Uri target, IPAddress? listenOn = null)
    {
        _target = target;
        _listener = new TcpListener(listenOn ?? IPAddress.Loopback, 0);
        _listener.Start();
        var local = (IPEndPoint)_listener.LocalEndpoint;
        Address = new UriBuilder(target) { Host = local.Address.ToString(), Port = local.Port }.Uri;
        _accepting = AcceptAsync();
    }

    /// <summary>The relay's address, with the target's scheme (<c>https://127.0.0.1:port</c>).</summary>
    public Uri Address { get; }

    /// <summary>How many connections carried data from the client so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_target.IdnHost, _target.Port, _stop.Token);
                var toServer = CountAndCopyAsync(client.GetStream(), server.GetStream());
                var toClient = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                // Either side closing ends the relay: closing both sockets passes the close on.
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A relay that ends with an error is a closed connection, which is all the client needs to see.
            }
        }
    }

    private async Task CountAndCopyAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        var first = true;
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (first)
            {
                Interlocked.Increment(ref _connections);
                first = false;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
