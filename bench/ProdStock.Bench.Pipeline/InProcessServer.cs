using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// An <see cref="IServer"/> with no transport, registered in place of Kestrel. When the application starts it keeps the
/// application's request pipeline (hosting, middleware, routing, endpoints); <see cref="OpenStream"/> gives streams
/// that call it with requests held in memory, as Kestrel's HTTP/2 streams do with requests from the network.
/// </summary>
internal sealed class InProcessServer : IServer
{
    private Func<IDictionary<object, object?>, InProcessStream>? _openStream;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        ArgumentNullException.ThrowIfNull(application);
        _openStream = items => new InProcessStream<TContext>(application, items);
        return Task.CompletedTask;
    }

    /// <summary>A stream for calls one after another (like an HTTP/2 stream that Kestrel reuses).</summary>
    /// <param name="connectionItems">
    /// The connection's items (<c>IConnectionItemsFeature</c>), as a listener's connection middleware would have set them;
    /// empty when omitted.
    /// </param>
    /// <exception cref="InvalidOperationException">The application has not been started.</exception>
    public InProcessStream OpenStream(IDictionary<object, object?>? connectionItems = null) =>
        (_openStream ?? throw new InvalidOperationException("The application has not started: call StartAsync on it first."))(
            connectionItems ?? new Dictionary<object, object?>());

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _openStream = null;
        return Task.CompletedTask;
    }

    public void Dispose() => _openStream = null;
}
