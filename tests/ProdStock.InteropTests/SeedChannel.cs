using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using ProdStock.Testing;

namespace ProdStock.InteropTests;

/// <summary>
/// A plain Grpc.Net.Client channel for the contract-first stubs generated from the tutorial's <c>.proto</c>: no
/// ProdStock client code involved. It presents the test client certificate and trusts the test CA only.
/// </summary>
public static class SeedChannel
{
    /// <summary>A channel to the fixture's host with the fixture's client certificate and CA.</summary>
    public static GrpcChannel Create(HostFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        return Create(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
    }

    /// <summary>A channel that trusts <paramref name="authority"/> only and presents <paramref name="clientCertificate"/>, if any.</summary>
    public static GrpcChannel Create(Uri address, X509Certificate2 authority, X509Certificate2? clientCertificate)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(authority);
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateAgainstAuthority(certificate, errors, authority),
        };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = [clientCertificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = ssl,
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
        });
    }

    /// <summary>The server certificate must chain to the test CA (and nothing else) and match the host name.</summary>
    private static bool ValidateAgainstAuthority(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }
}
