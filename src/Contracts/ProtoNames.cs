namespace ProdStock.Contracts;

/// <summary>
/// Wire names shared by every contract: the protobuf package and the gRPC service names.
/// They never follow a C# rename, so clients generated from the tutorial's <c>.proto</c> keep working.
/// </summary>
public static class ProtoNames
{
    /// <summary>The protobuf package of all ProdStock messages and services: <c>services</c>.</summary>
    public const string Package = "services";

    /// <summary>The full name of the product service: <c>services.ProdService</c>.</summary>
    public const string ProdService = Package + ".ProdService";

    /// <summary>The full name of the order service: <c>services.OrderService</c>.</summary>
    public const string OrderService = Package + ".OrderService";

    /// <summary>The full name of the user-score service: <c>services.UserService</c>.</summary>
    public const string UserService = Package + ".UserService";

    /// <summary>The full name of the inventory service (stock adjustments): <c>services.InventoryService</c>.</summary>
    public const string InventoryService = Package + ".InventoryService";
}
