namespace ProdStock.Host.Hosting;

/// <summary>Returned by <see cref="ProdStockServiceCollectionExtensions.AddProdStock"/> to configure ProdStock further.</summary>
public interface IProdStockBuilder
{
    /// <summary>The service collection ProdStock was added to.</summary>
    IServiceCollection Services { get; }
}
