using System.Collections.Immutable;

namespace ProdStock.Contracts;

/// <summary>The ProdStock service contracts, for tools that work over all of them (schema export, gateways).</summary>
public static class ProdStockContracts
{
    /// <summary>The service contract interfaces, in the order their services appear in the schema.</summary>
    public static ImmutableArray<Type> ServiceContracts { get; } = [typeof(IProdService), typeof(IOrderService), typeof(IUserService), typeof(IInventoryService)];
}
