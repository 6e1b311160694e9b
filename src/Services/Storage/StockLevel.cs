using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>The stock of one product in one area after a committed change.</summary>
public readonly record struct StockLevel(int ProdId, ProdAreas Area, int Quantity);
