using Microsoft.Extensions.Options;
using ProdStock.Host.Certificates;
using ProdStock.Host.Configuration;

namespace ProdStock.Host.Authorization;

/// <summary>
/// In Development, when no stock writer is configured, makes the generated client certificate
/// (CN <see cref="DevelopmentCertificateSet.ClientCommonName"/>) one, so the README's first commands can restock.
/// Elsewhere nobody is a writer until configured.
/// </summary>
internal sealed class StockWriterDefaults(IHostEnvironment environment) : IPostConfigureOptions<ProdStockHostOptions>
{
    public void PostConfigure(string? name, ProdStockHostOptions options)
    {
        if (environment.IsDevelopment() && options.Authorization.StockWriters.Count == 0)
        {
            options.Authorization.StockWriters.Add(DevelopmentCertificateSet.ClientCommonName);
        }
    }
}
