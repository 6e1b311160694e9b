using ProdStock.Contracts;

namespace ProdStock.Services.Storage;

/// <summary>The stock of one product in one area after a committed change.</summary>
/// <param name="ProdId">The product.</param>
/// <param name="Area">The area.</param>
/// <param name="Quantity">The items in stock after the change.</param>
/// <param name="Version">
/// The stock row's version after the change, counting every change of that row (PostgreSQL, where several hosts write and
/// their changes reach each read model in any order); 0 from an engine with a single writer, whose levels arrive in commit order.
/// </param>
public readonly record struct StockLevel(int ProdId, ProdAreas Area, int Quantity, long Version = 0);
