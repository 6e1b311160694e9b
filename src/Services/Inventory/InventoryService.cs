using Microsoft.Extensions.Logging;
using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.Storage;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Inventory;

/// <summary>
/// Adjusts stock through the <see cref="IStockStore"/>: idempotent by adjustment id, checked and moved in the store's
/// transaction. Requests arrive validated against the contract's rules; this class adds the one rule no attribute
/// declares (a delta of 0 is <c>INVALID_ARGUMENT</c>) and the domain's answers: <c>NOT_FOUND</c> for an unknown product,
/// <c>FAILED_PRECONDITION</c> (with a <c>google.rpc.PreconditionFailure</c>) for stock that would go below zero,
/// <c>ALREADY_EXISTS</c> for a different adjustment under a used id. Who may call it is the host's concern.
/// </summary>
public sealed partial class InventoryService(IStockStore store, ILogger<InventoryService> logger) : IInventoryService
{
    /// <inheritdoc />
    public async ValueTask<AdjustStockResponse> AdjustStockAsync(AdjustStockRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Delta == 0)
        {
            throw ServiceErrors.ZeroDelta();
        }

        var adjustment = new StockAdjustment(request.AdjustmentId, request.ProdId, request.ProdArea, request.Delta);
        StockAdjustmentOutcome outcome;
        try
        {
            outcome = await store.AdjustAsync(adjustment, context.CancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            LogUnavailable(ex.Message, adjustment.AdjustmentId);
            throw ServiceErrors.StoreUnavailable("adjustment_id");
        }
        switch (outcome)
        {
            case StockAdjustmentOutcome.Applied { Adjustment: var applied }:
                LogApplied(applied.AdjustmentId, applied.ProdId, applied.Area, applied.Delta, applied.ResultingQuantity);
                return Answer(applied);
            case StockAdjustmentOutcome.AlreadyRecorded { Adjustment: var recorded } when recorded.IsSameChange(adjustment):
                LogReplayed(recorded.AdjustmentId);
                return Answer(recorded);
            case StockAdjustmentOutcome.AlreadyRecorded { Adjustment: var recorded }:
                throw ServiceErrors.AdjustmentIdTaken(recorded);
            case StockAdjustmentOutcome.UnknownProduct unknown:
                throw ServiceErrors.ProductNotFound(unknown.ProdId);
            case StockAdjustmentOutcome.InsufficientStock insufficient:
                throw ServiceErrors.StockWouldGoNegative(insufficient.Shortage);
            case StockAdjustmentOutcome.OverCapacity over:
                throw ServiceErrors.StockOverCapacity(adjustment.ProdId, adjustment.Area, adjustment.Delta, over.Available);
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}.");
        }
    }

    private static AdjustStockResponse Answer(StoredAdjustment adjustment) => new()
    {
        ProdId = adjustment.ProdId,
        ProdArea = adjustment.Area,
        ProdStock = adjustment.ResultingQuantity,
        AdjustmentId = adjustment.AdjustmentId,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Adjustment {AdjustmentId}: stock of product {ProdId} in area {Area} changed by {Delta} to {Quantity}")]
    private partial void LogApplied(string adjustmentId, int prodId, ProdAreas area, int delta, int quantity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adjustment {AdjustmentId} failed UNAVAILABLE: the store is unreachable ({Reason})")]
    private partial void LogUnavailable(string reason, string adjustmentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adjustment {AdjustmentId} was sent again; answered with the recorded adjustment")]
    private partial void LogReplayed(string adjustmentId);
}
