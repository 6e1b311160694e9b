using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ProdStock.UnitTests.Host.Grpc;

/// <summary>
/// A server call context for calling method handlers directly; with <paramref name="httpContext"/>, that is the call's
/// <see cref="HttpContext"/> for <c>GetHttpContext()</c> (Grpc.AspNetCore looks it up under <c>__HttpContext</c> in the user state).
/// </summary>
internal sealed class FakeServerCallContext(CancellationToken cancellationToken = default, DateTime? deadline = null, HttpContext? httpContext = null)
    : ServerCallContext
{
    public Metadata Headers { get; } = [new Metadata.Entry("x-test", "1")];

    protected override string MethodCore => "/services.Test/Method";

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:1";

    protected override DateTime DeadlineCore => deadline ?? DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => Headers;

    protected override CancellationToken CancellationTokenCore => cancellationToken;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override IDictionary<object, object> UserStateCore { get; } =
        httpContext is null ? new Dictionary<object, object>() : new Dictionary<object, object> { ["__HttpContext"] = httpContext };

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
