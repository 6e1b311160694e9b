using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>A change of one product's stock in one area, to be recorded under the client's adjustment id.</summary>
/// <param name="AdjustmentId">The client's id, unique in the store: the idempotency key.</param>
/// <param name="ProdId">The product.</param>
/// <param name="Area">The area whose stock changes.</param>
/// <param name="Delta">Items added (positive) or removed (negative); never 0.</param>
public sealed record StockAdjustment(string AdjustmentId, int ProdId, ProdAreas Area, int Delta);
