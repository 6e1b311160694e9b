using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;
using ProdStock.Services.Storage;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Resolves the relative file paths of the configuration (certificates, store) against the working directory, as a
/// command-line program does; the content root is the application's folder, where appsettings.json lives.
/// </summary>
internal sealed class RelativePathsSetup :
    IPostConfigureOptions<ProdStockHostOptions>,
    IPostConfigureOptions<StoreOptions>
{
    public void PostConfigure(string? name, ProdStockHostOptions options)
    {
        options.Tls.CaCertificatePath = Resolve(options.Tls.CaCertificatePath);
        options.Tls.CertificatePath = Resolve(options.Tls.CertificatePath);
        options.Tls.KeyPath = Resolve(options.Tls.KeyPath);
    }

    public void PostConfigure(string? name, StoreOptions options) => options.Path = Resolve(options.Path);

    private string Resolve(string path) =>
        string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path);
}
