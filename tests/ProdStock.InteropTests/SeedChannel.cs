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
    public static GrpcChannel Create(Uri address, X509Certificate2 authority, X509Certificate2? clientCertificate) =>
        RawChannels.Tls(address, authority, clientCertificate);
}
