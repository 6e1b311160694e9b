using ProdStock.Services;
using ProdStock.Services.Storage;
using ProdStock.Services.Users;

namespace ProdStock.Bench.ContractFirst;

/// <summary>
/// Server B's application, apart from its listener: the services, the host's logging default and the gRPC endpoints.
/// <c>Program.cs</c> adds Kestrel with the host's TLS settings.
/// </summary>
internal static class ContractFirstServer
{
    /// <summary>The store and its options (the host's configuration keys), gRPC, and the host's logging default.</summary>
    public static WebApplicationBuilder AddContractFirstServer(this WebApplicationBuilder builder)
    {
        // The host's logging default (src/Host/appsettings.json): no hosting diagnostics logger, so ASP.NET Core creates no
        // Activity per request unless a tracer listens. Same setting for both servers, so that it is not part of A/B.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<UserScoreOptions>().BindConfiguration(UserScoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddProdStockServices();
        builder.Services.AddGrpc();
        return builder;
    }

    /// <summary>Maps the two contract-first services.</summary>
    public static WebApplication MapContractFirstServer(this WebApplication app)
    {
        app.MapGrpcService<ContractFirstProdService>();
        app.MapGrpcService<ContractFirstUserService>();
        return app;
    }
}
