namespace ProdStock.Services.Storage;

/// <summary>Prepares a store before the first call: creates or upgrades its schema and loads demo data into an empty store.</summary>
public interface IStoreInitializer
{
    /// <summary>Creates or upgrades the schema; loads the demo data set when the store is empty and that is enabled.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
