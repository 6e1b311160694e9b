namespace ProdStock.Services.Storage;

/// <summary>Prepares the configured engine (schema, migrations, demo data), then starts what loads the read models and keeps them current.</summary>
internal sealed class StoreStartup(IEngineInitializer engine, IReadModelFeed feed) : IStoreInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await feed.StartAsync(cancellationToken).ConfigureAwait(false);
    }
}
