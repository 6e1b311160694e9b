namespace ProdStock.Services.Storage;

/// <summary>The outcome of <see cref="IStockStore.AdjustAsync"/>.</summary>
public abstract record StockAdjustmentOutcome
{
    private StockAdjustmentOutcome()
    {
    }

    /// <summary>The stock was moved now and the adjustment recorded, in one transaction.</summary>
    /// <param name="Adjustment">The recorded adjustment.</param>
    public sealed record Applied(StoredAdjustment Adjustment) : StockAdjustmentOutcome;

    /// <summary>The adjustment id was recorded before; nothing was moved now.</summary>
    /// <param name="Adjustment">The adjustment recorded earlier under the same id (its change may differ from the request's).</param>
    public sealed record AlreadyRecorded(StoredAdjustment Adjustment) : StockAdjustmentOutcome;

    /// <summary>The store does not know the product; nothing was moved or recorded.</summary>
    /// <param name="ProdId">The unknown product.</param>
    public sealed record UnknownProduct(int ProdId) : StockAdjustmentOutcome;

    /// <summary>The delta would take the stock below zero; nothing was moved or recorded.</summary>
    /// <param name="Shortage">The items asked to be removed and those in stock.</param>
    public sealed record InsufficientStock(StockShortage Shortage) : StockAdjustmentOutcome;

    /// <summary>The delta would take the stock above <see cref="int.MaxValue"/>; nothing was moved or recorded.</summary>
    /// <param name="Available">The items in stock.</param>
    public sealed record OverCapacity(int Available) : StockAdjustmentOutcome;
}
