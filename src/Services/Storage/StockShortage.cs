using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>An order line the stock cannot serve: how many were asked for and how many there are.</summary>
public readonly record struct StockShortage(int ProdId, ProdAreas Area, int Requested, int Available);
