using ProdStock.Host.Commands;
using ProdStock.Host.Hosting;

return await HostCommandLine.RunAsync(args, Console.Out, Console.Error, ProdStockHostRunner.RunAsync);
