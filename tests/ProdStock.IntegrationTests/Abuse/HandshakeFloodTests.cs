using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// Failed TLS handshakes cost an unauthenticated client nothing; the host's log must not grow with them. Run as a
/// real process, so the console output is exactly what an operator's log receives.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HandshakeFloodTests : IDisposable
{
    private const int Handshakes = 300;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Handshakes_FloodWithoutClientCertificateAndPskOnlyHellos_LogBoundedLinesWithoutStackTraces()
    {
        using var host = HostProcess.Start(_workspace.Folder, "Production",
            ["--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Rest:Enabled=false", "--ProdStock:Management:Port=0",
             $"--ProdStock:Store:Path={_workspace.StorePath}", .. TestHost.CertificateArguments(_workspace.Certificates)]);
        var address = await host.ListeningAsync(ProcessTimeout);
        var before = host.Output.Length;

        var refused = 0;
        for (var i = 0; i < Handshakes; i++)
        {
            refused += await HandshakeWithoutCertificateAsync(address) ? 0 : 1;
            await SendPskOnlyClientHelloAsync(address);
        }

        using (var client = _workspace.CreateClient(address))
        {
            (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout()).ProdId.Should().Be(1);
        }

        var log = host.Output[before..];
        refused.Should().Be(Handshakes, "the server requires a client certificate");
        Regex.Matches(log, "Refused ").Count.Should().BeLessThanOrEqualTo(2, log);
        log.Should().Contain("Refused a TLS handshake from (none): no client certificate was presented")
            .And.NotContain("   at ", "no stack trace for a client's failed handshake")
            .And.NotContain("Exception");
    }

    /// <summary>A TLS 1.3 handshake that trusts any server and presents no certificate; true when the server accepted it.</summary>
    private static async Task<bool> HandshakeWithoutCertificateAsync(Uri address)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port).DefaultTimeout();
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
        }).DefaultTimeout();
        try
        {
            // TLS 1.3: the server judges the (absent) certificate after the client's Finished; its alert arrives on the first read.
            return await tls.ReadAsync(new byte[64]).AsTask().DefaultTimeout() > 0;
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException)
        {
            return false;
        }
    }

    /// <summary>A TLS 1.2 ClientHello offering only TLS_PSK_WITH_AES_128_GCM_SHA256, which the server cannot choose.</summary>
    private static async Task SendPskOnlyClientHelloAsync(Uri address)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port).DefaultTimeout();
        var stream = tcp.GetStream();
        byte[] body = [0x03, 0x03, .. new byte[32], 0x00, 0x00, 0x02, 0x00, 0xA8, 0x01, 0x00];
        byte[] handshake = [0x01, 0x00, (byte)(body.Length >> 8), (byte)body.Length, .. body];
        await stream.WriteAsync((byte[])[0x16, 0x03, 0x01, (byte)(handshake.Length >> 8), (byte)handshake.Length, .. handshake]).DefaultTimeout();
        try
        {
            while (await stream.ReadAsync(new byte[64]).AsTask().DefaultTimeout() > 0)
            {
            }
        }
        catch (IOException)
        {
            // The server's alert, then a reset: refused either way.
        }
    }
}
