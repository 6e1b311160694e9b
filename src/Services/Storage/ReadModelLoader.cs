using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ProdStock.Services.ReadModel;

namespace ProdStock.Services.Storage;

/// <summary>
/// Loads the read models from the store in full, logging how many products and scores were loaded, how long it took and
/// about how much memory the products take. The single-writer engines load once at start (this is their
/// <see cref="IReadModelFeed"/>); PostgreSQL's change feed loads again whenever it may have missed a change.
/// </summary>
internal sealed partial class ReadModelLoader(
    IProductStore products,
    IUserScoreStore scores,
    ProductReadModel productModel,
    UserScoreReadModel scoreModel,
    ILogger<ReadModelLoader> logger) : IReadModelFeed
{
    public Task StartAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var loaded = new List<ProductRecord>();
        await foreach (var product in products.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            loaded.Add(product);
        }

        var loadedScores = new List<(int UserId, int Score)>();
        await foreach (var score in scores.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            loadedScores.Add(score);
        }

        productModel.Load(loaded);
        scoreModel.Load(loadedScores);
        LogLoaded(productModel.Count, scoreModel.Count, clock.ElapsedMilliseconds, productModel.EstimatedBytes / (1024.0 * 1024.0));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read model loaded: {ProductCount} products, {UserCount} user scores in {ElapsedMs} ms (products ~{Megabytes:0.0} MB)")]
    private partial void LogLoaded(int productCount, int userCount, long elapsedMs, double megabytes);
}
