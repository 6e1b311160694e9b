using System.Net.Http;
using System.Security.Authentication;
using Grpc.Core;

namespace ProdStock.ClientSdk.Internal;

/// <summary>
/// Turns a TLS authentication failure into an <c>UNAUTHENTICATED</c> <see cref="RpcException"/> that says which side
/// refused and what to check. Grpc.Net.Client would report both as <c>UNAVAILABLE</c> or <c>INTERNAL</c>, and the
/// retry policy would retry the first although no retry can succeed; an <see cref="RpcException"/> thrown here keeps
/// its status (grpc-dotnet's <c>GrpcCall.ResolveException</c>), and <c>UNAUTHENTICATED</c> is never retried.
/// SocketsHttpHandler reports a server's refusal in several shapes, none naming TLS, so the evidence is the connection's
/// own: the server closed it without a byte (<see cref="SilentCloseWatchStream"/>) while this request waited for it.
/// </summary>
internal sealed class TlsRefusalHandler(ClientTlsCredentials credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var silentClosesBefore = credentials.SilentCloses;
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (Describe(ex, credentials.SilentCloses > silentClosesBefore) is { } detail)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, detail, ex));
        }
    }

    private string? Describe(HttpRequestException error, bool serverClosedSilently)
    {
        if (error.HttpRequestError == HttpRequestError.SecureConnectionError && error.InnerException is AuthenticationException
            && credentials.ServerCertificateProblem is { } problem)
        {
            return $"The server's TLS certificate is not trusted: {problem}. Check that CaCertificatePath names the CA that signed the " +
                "server's certificate (the server's ca.pem) and that Address uses a name the certificate is issued for.";
        }

        if (serverClosedSilently && error.HttpRequestError != HttpRequestError.SecureConnectionError)
        {
            var client = credentials.ClientCertificate;
            return $"The server refused the TLS handshake: it closed the connection before answering, as a server does when it refuses " +
                $"the client certificate ('{client.Subject}', issued by '{client.Issuer}'). Check that the server trusts that issuer " +
                "(its CA, ProdStock:Tls:CaCertificatePath) and that the certificate is valid now and carries clientAuth; the server's log names the reason.";
        }

        return null;
    }
}
