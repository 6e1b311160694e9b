using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProdStock.ClientSdk.Internal;

/// <summary>The trusted CA and the client certificate of a client, and the HTTP handler that uses them for mutual TLS.</summary>
internal sealed class ClientTlsCredentials
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly string _host;
    private volatile string? _serverCertificateProblem;
    private int _silentCloses;

    private ClientTlsCredentials(X509Certificate2 authority, X509Certificate2 clientCertificate, string host)
    {
        Authority = authority;
        ClientCertificate = clientCertificate;
        _host = host;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 ClientCertificate { get; }

    /// <summary>
    /// Why the last server certificate refused was refused (<see langword="null"/> before any), for the error the caller
    /// sees: SslStream itself only says that the validation callback rejected it.
    /// </summary>
    public string? ServerCertificateProblem => _serverCertificateProblem;

    /// <summary>How many connections the server closed after the TLS handshake without sending a byte (see <see cref="SilentCloseWatchStream"/>).</summary>
    public int SilentCloses => Volatile.Read(ref _silentCloses);

    /// <summary>Loads the CA and the client certificate the options name; file problems become a clear <see cref="InvalidOperationException"/>.</summary>
    public static ClientTlsCredentials Load(ProdStockClientOptions options)
    {
        try
        {
            var authority = options.CaCertificate ?? X509Certificate2.CreateFromPem(File.ReadAllText(options.CaCertificatePath!));
            var client = options.ClientCertificate ?? LoadWithKey(options.ClientCertificatePath!, options.ClientKeyPath!);
            if (!client.HasPrivateKey)
            {
                throw new InvalidOperationException("ProdStockClientOptions.ClientCertificate has no private key.");
            }

            // The server refuses these in the TLS handshake, which the caller would only see at its first call: say it now.
            CheckUsable(client, options.ClientCertificate is null ? $"'{options.ClientCertificatePath}'" : "ProdStockClientOptions.ClientCertificate", DateTimeOffset.UtcNow);
            return new ClientTlsCredentials(authority, client, options.Address.IdnHost);
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"The ProdStock client certificates could not be loaded (CA '{options.CaCertificatePath}', certificate '{options.ClientCertificatePath}', key '{options.ClientKeyPath}'): {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming the problem when <paramref name="client"/> is not valid at
    /// <paramref name="now"/> or its extended key usages leave out <c>clientAuth</c> (no extension allows every use).
    /// </summary>
    internal static void CheckUsable(X509Certificate2 client, string name, DateTimeOffset now)
    {
        if (now < client.NotBefore.ToUniversalTime())
        {
            throw new InvalidOperationException($"The client certificate {name} is not valid before {client.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}.");
        }

        if (now > client.NotAfter.ToUniversalTime())
        {
            throw new InvalidOperationException($"The client certificate {name} expired on {client.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}: issue a new one (e.g. `certs --client NAME`).");
        }

        if (client.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usages
            && !usages.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == ClientAuth.Value))
        {
            throw new InvalidOperationException(
                $"The client certificate {name} is not meant for client authentication (its extended key usages lack clientAuth, 1.3.6.1.5.5.7.3.2); the server refuses it.");
        }
    }

    /// <summary>A handler that presents the client certificate and trusts server certificates from <see cref="Authority"/> only.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = [ClientCertificate],
            LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => IsTrustedServer(certificate, chain, errors),
        },
        PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(
            new SilentCloseWatchStream(context.PlaintextStream, () => Interlocked.Increment(ref _silentCloses))),
    };

    private bool IsTrustedServer(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        var problem = ServerProblem(certificate, presented, errors);
        if (problem is not null)
        {
            _serverCertificateProblem = problem;
        }

        return problem is null;
    }

    /// <summary>What is wrong with the server's certificate, or <see langword="null"/> when it is trusted.</summary>
    private string? ServerProblem(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        // The name must match; chain errors are judged below against our CA alone.
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server presented no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"'{certificate.Subject}' is not issued for the host '{_host}'";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var trusted = certificate is X509Certificate2 certificate2
            ? chain.Build(certificate2)
            : BuildFrom(chain, certificate);
        return trusted
            ? null
            : $"'{certificate.Subject}' (issued by '{certificate.Issuer}') does not chain to the trusted CA '{Authority.Subject}' " +
              $"({string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct())})";
    }

    private static bool BuildFrom(X509Chain chain, X509Certificate certificate)
    {
        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(copy);
    }

    private static X509Certificate2 LoadWithKey(string certificatePath, string keyPath)
    {
        using var fromPem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
    }
}
