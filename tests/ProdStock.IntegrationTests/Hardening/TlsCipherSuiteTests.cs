using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Hardening;

/// <summary>TLS 1.2 clients get AEAD suites only: a client offering nothing but CBC suites is refused in the handshake.</summary>
/// <remarks>.NET sets client suites with OpenSSL only (not on Windows), as the server does.</remarks>
[Collection(HostCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class TlsCipherSuiteTests(HostFixture fixture)
{
    private static readonly TlsCipherSuite[] CbcOnly =
    [
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
    ];

    private static readonly TlsCipherSuite[] Aead =
    [
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ];

    public static TheoryData<string> Listeners => new() { "grpc", "rest" };

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task Handshake_Tls12WithCbcSuitesOnly_IsRefused(string listener)
    {
        var act = () => HandshakeAsync(listener, SslProtocols.Tls12, CbcOnly);

        // The server finds no suite in common and sends handshake_failure (or drops the connection).
        (await act.Should().ThrowAsync<Exception>()).Which.Should().Match(e => e is AuthenticationException || e is IOException);
    }

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task Handshake_Tls12WithAeadSuites_Succeeds(string listener)
    {
        var suite = await HandshakeAsync(listener, SslProtocols.Tls12, Aead);

        suite.Should().BeOneOf(Aead);
    }

    [Fact]
    public async Task Handshake_Tls13Default_Succeeds()
    {
        var suite = await HandshakeAsync("grpc", SslProtocols.Tls13, suites: null);

        suite.Should().BeOneOf(TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256);
    }

    /// <summary>A bare TLS handshake with the fixture's client certificate; the suite agreed on.</summary>
    private async Task<TlsCipherSuite> HandshakeAsync(string listener, SslProtocols protocol, TlsCipherSuite[]? suites)
    {
        var address = listener == "grpc" ? fixture.Address : fixture.RestAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port).DefaultTimeout();
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocol,
            CipherSuitesPolicy = suites is null ? null : new CipherSuitesPolicy(suites),
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            ClientCertificates = [fixture.Certificates.Client],
            // Only the suite is under test here; the server's certificate is checked by every other test.
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }).DefaultTimeout();
        return tls.NegotiatedCipherSuite;
    }
}
