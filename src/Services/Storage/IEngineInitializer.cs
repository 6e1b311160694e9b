namespace ProdStock.Services.Storage;

/// <summary>What a storage engine does before the first call: schema, migrations, demo data.</summary>
internal interface IEngineInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
