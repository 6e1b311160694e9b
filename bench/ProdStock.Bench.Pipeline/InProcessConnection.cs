using Microsoft.AspNetCore.Connections.Features;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// The connection an <see cref="InProcessStream"/> belongs to, as far as the application sees it: its items
/// (<see cref="IConnectionItemsFeature"/>), which a listener's connection middleware sets on Kestrel. A stream's features
/// fall back to it as a Kestrel stream's fall back to its connection's (<see cref="StreamFeatures{TContext}"/>). A class
/// of its own, like Kestrel's transport connection, so reading the feature is not a cast on the stream, a class of many
/// interfaces.
/// </summary>
internal sealed class InProcessConnection(IDictionary<object, object?> items) : IConnectionItemsFeature
{
    public IDictionary<object, object?> Items
    {
        get => items;
        set => throw new NotSupportedException("The in-process connection's items are fixed when the stream opens.");
    }
}
