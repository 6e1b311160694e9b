using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>A quantity of one product taken from one area's stock by an order.</summary>
public readonly record struct OrderLineItem(int ProdId, ProdAreas Area, int Quantity);
