using ProdStock.Host.Commands;
using ProdStock.Host.Hosting;

if (await HostCommandLine.TryRunAsync(args, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

// appsettings.json comes from the application's folder; relative paths in settings are resolved against the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddProdStock();
await using var app = builder.Build();
app.MapProdStock();
return await app.RunProdStockAsync();
