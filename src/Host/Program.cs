using ProdStock.Host.Commands;
using ProdStock.Host.Hosting;

if (await HostCommandLine.TryRunAsync(args, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProdStock();
await using var app = builder.Build();
app.MapProdStock();
return await app.RunProdStockAsync();
