namespace ProdStock.Services.Storage;

/// <summary>What keeps the read models equal to the store: a load at start, and for a shared store the changes of other hosts.</summary>
internal interface IReadModelFeed
{
    /// <summary>Completes once the read models are loaded; any following work goes on in the background.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
