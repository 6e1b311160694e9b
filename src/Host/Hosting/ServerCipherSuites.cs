using System.Net.Security;

namespace ProdStock.Host.Hosting;

/// <summary>
/// The cipher suites the TLS listeners offer: TLS 1.3's defaults, and for TLS 1.2 only ECDHE with an AEAD cipher
/// (GCM, ChaCha20-Poly1305). CBC suites are left out: their MAC-then-encrypt design is what padding-oracle attacks
/// (Lucky 13 and its kin) feed on, and every TLS 1.2 client of the last decade offers an AEAD suite.
/// </summary>
internal static class ServerCipherSuites
{
    /// <summary>The suites, in the server's order of preference.</summary>
    public static readonly IReadOnlyList<TlsCipherSuite> Allowed =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>
    /// The policy for <see cref="SslServerAuthenticationOptions.CipherSuitesPolicy"/>; <see langword="null"/> on Windows,
    /// where SChannel takes its suites from the system's configuration and .NET cannot set them.
    /// </summary>
    public static CipherSuitesPolicy? Policy { get; } = OperatingSystem.IsWindows() ? null : new CipherSuitesPolicy(Allowed);
}
