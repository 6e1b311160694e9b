namespace ProdStock.Services.Storage;

/// <summary>A product as the store keeps it.</summary>
/// <param name="ProdId">The product id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Price">The unit price.</param>
public sealed record Product(int ProdId, string Name, float Price);
