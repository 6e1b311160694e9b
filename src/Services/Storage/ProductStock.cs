namespace ProdStock.Services.Storage;

/// <summary>The stock of one product in one area.</summary>
/// <param name="ProdId">The product id.</param>
/// <param name="Quantity">The number of items in stock.</param>
public readonly record struct ProductStock(int ProdId, int Quantity);
