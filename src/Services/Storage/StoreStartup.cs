using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ProdStock.Services.ReadModel;

namespace ProdStock.Services.Storage;

/// <summary>
/// Prepares the configured engine (schema, migrations, demo data), then loads the read models from it, logging how
/// many products and scores were loaded, how long it took and about how much memory the products take.
/// </summary>
internal sealed partial class StoreStartup(
    IEngineInitializer engine,
    IProductStore products,
    IUserScoreStore scores,
    ProductReadModel productModel,
    UserScoreReadModel scoreModel,
    ILogger<StoreStartup> logger) : IStoreInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var loaded = new List<ProductRecord>();
        await foreach (var product in products.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            loaded.Add(product);
        }

        productModel.Load(loaded);
        var loadedScores = new List<(int UserId, int Score)>();
        await foreach (var score in scores.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            loadedScores.Add(score);
        }

        scoreModel.Load(loadedScores);
        LogLoaded(productModel.Count, scoreModel.Count, clock.ElapsedMilliseconds, productModel.EstimatedBytes / (1024.0 * 1024.0));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read model loaded: {ProductCount} products, {UserCount} user scores in {ElapsedMs} ms (products ~{Megabytes:0.0} MB)")]
    private partial void LogLoaded(int productCount, int userCount, long elapsedMs, double megabytes);
}
