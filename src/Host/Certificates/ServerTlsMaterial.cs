using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Certificates;

/// <summary>
/// The server certificate and the client CA, loaded once from the configured PEM files. In Development, when all
/// three files are missing and <see cref="TlsOptions.GenerateInDevelopment"/> is on, a new set is created first.
/// Anything else missing or unreadable is a <see cref="HostStartupException"/> with a message that says what to do.
/// </summary>
internal sealed partial class ServerTlsMaterial
{
    private readonly Lazy<Material> _material;
    private readonly ILogger _logger;

    public ServerTlsMaterial(IOptions<ProdStockHostOptions> options, IHostEnvironment environment, TimeProvider clock, ILoggerFactory loggers, HandshakeFailureLog refusals)
    {
        _logger = loggers.CreateLogger<ServerTlsMaterial>();
        _material = new(() => Load(options.Value.Tls, environment, clock, refusals), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public X509Certificate2 Authority => _material.Value.Authority;

    /// <summary>The server certificate with the CA it names to clients as the issuer it accepts.</summary>
    public SslStreamCertificateContext CertificateContext => _material.Value.Context;

    public ClientCertificateValidator ClientValidator => _material.Value.Validator;

    /// <summary>Loads (or, in Development, creates) the certificates now; throws <see cref="HostStartupException"/> when they are unusable.</summary>
    public void EnsureLoaded() => _ = _material.Value;

    private Material Load(TlsOptions tls, IHostEnvironment environment, TimeProvider clock, HandshakeFailureLog refusals)
    {
        string[] paths = [tls.CaCertificatePath, tls.CertificatePath, tls.KeyPath];
        var missing = paths.Where(path => !File.Exists(path)).ToList();
        if (missing.Count == paths.Length && environment.IsDevelopment() && tls.GenerateInDevelopment)
        {
            var folder = Path.GetDirectoryName(tls.CaCertificatePath)!;
            var written = DevelopmentCertificateWriter.Write(folder, force: false, clock);
            var generated = Path.GetFileName(tls.CertificatePath) == "server.pem" && Path.GetFileName(tls.KeyPath) == "server.key"
                && Path.GetDirectoryName(tls.CertificatePath) == folder && Path.GetDirectoryName(tls.KeyPath) == folder;
            if (!generated)
            {
                throw new HostStartupException(
                    $"Development certificates were created in {folder}, but ProdStock:Tls points the server certificate elsewhere ({tls.CertificatePath}, {tls.KeyPath}).");
            }

            LogGenerated(folder, string.Join(", ", written.Select(path => Path.GetRelativePath(folder, path))));
            missing.Clear();
        }

        if (missing.Count > 0)
        {
            throw new HostStartupException(
                $"TLS certificate file(s) not found: {string.Join(", ", missing)}. Create them with 'ProdStock.Host certs --out <folder>' " +
                "(or 'dotnet run --project src/Host -- certs --out certs') and set ProdStock:Tls:CaCertificatePath, CertificatePath and KeyPath.");
        }

        X509Certificate2 authority;
        X509Certificate2 server;
        try
        {
            authority = PemFiles.LoadCertificate(tls.CaCertificatePath);
            server = PemFiles.LoadWithKey(tls.CertificatePath, tls.KeyPath);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new HostStartupException($"The TLS certificate files could not be read ({tls.CaCertificatePath}, {tls.CertificatePath}, {tls.KeyPath}): {ex.Message}", ex);
        }

        var now = clock.GetUtcNow();
        if (now < server.NotBefore.ToUniversalTime() || now > server.NotAfter.ToUniversalTime())
        {
            throw new HostStartupException($"The server certificate {tls.CertificatePath} is valid only from {server.NotBefore.ToUniversalTime():u} to {server.NotAfter.ToUniversalTime():u}.");
        }

        // ISO 8601 in UTC: the culture's short date (03/10/2029) reads differently from one country to the next.
        LogLoaded(tls.CertificatePath, server.Subject, server.NotAfter.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), tls.CaCertificatePath);
        var trust = SslCertificateTrust.CreateForX509Collection([authority], sendTrustInHandshake: true);
        var context = SslStreamCertificateContext.Create(server, additionalCertificates: null, offline: true, trust);
        var validator = new ClientCertificateValidator(authority, clock, refusals);
        return new Material(authority, context, validator);
    }

    private sealed record Material(X509Certificate2 Authority, SslStreamCertificateContext Context, ClientCertificateValidator Validator);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development: created a CA, a server and a client certificate in {Folder} ({Files}). Clients need ca.pem, client.pem and client.key from there; the server never reads the CA key.")]
    private partial void LogGenerated(string folder, string files);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS: server certificate {Path} ({Subject}, valid until {NotAfter}); client certificates must chain to {CaPath}")]
    private partial void LogLoaded(string path, string subject, string notAfter, string caPath);
}
