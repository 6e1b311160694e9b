namespace ProdStock.Host.Hosting;

/// <summary>The default <see cref="IProdStockBuilder"/>; also the marker that <c>MapProdStock</c> looks for.</summary>
internal sealed class ProdStockBuilder(IServiceCollection services) : IProdStockBuilder
{
    public IServiceCollection Services { get; } = services;
}
