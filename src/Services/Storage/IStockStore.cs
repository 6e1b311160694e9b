namespace ProdStock.Services.Storage;

/// <summary>Moves stock outside orders (restocking, corrections), at most once per adjustment id.</summary>
public interface IStockStore
{
    /// <summary>
    /// Adds the adjustment's delta to the stock of its product in its area and records the adjustment, unless its id is
    /// already recorded; of any number of concurrent calls with one id exactly one moves stock. The stock is checked and
    /// moved inside the store's transaction, never against the read model, and never goes below zero (nor above
    /// <see cref="int.MaxValue"/>). Returns when the outcome is durable, after the read model shows the new level.
    /// </summary>
    ValueTask<StockAdjustmentOutcome> AdjustAsync(StockAdjustment adjustment, CancellationToken cancellationToken);
}
