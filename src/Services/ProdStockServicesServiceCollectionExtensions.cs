using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProdStock.Contracts;
using ProdStock.Services.Inventory;
using ProdStock.Services.Orders;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Products;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.Memory;
using ProdStock.Services.Storage.Postgres;
using ProdStock.Services.Storage.Sqlite;
using Microsoft.Extensions.Options;
using ProdStock.Services.Users;

namespace ProdStock.Services;

/// <summary>Registers the ProdStock service implementations and their store.</summary>
public static class ProdStockServicesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ProdService"/>, <see cref="OrderService"/>, <see cref="UserService"/> and
    /// <see cref="InventoryService"/> (also as their contract interfaces), the store (SQLite, PostgreSQL or the in-memory engine) and the read models every read is served from; the
    /// <see cref="IStoreInitializer"/> prepares the store and loads the read models. Bind or configure <see cref="StoreOptions"/> and <see cref="UserScoreOptions"/> separately.
    /// </summary>
    public static IServiceCollection AddProdStockServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StoreOptions>();
        services.AddOptions<UserScoreOptions>();

        services.TryAddSingleton<SqliteConnectionFactory>();
        services.TryAddSingleton<SqliteStoreInitializer>();
        services.TryAddSingleton<SqliteProductStore>();
        services.TryAddSingleton<SqliteWriter>();
        services.TryAddSingleton<SqliteOrderStore>();
        services.TryAddSingleton<SqliteStockStore>();
        services.TryAddSingleton<SqliteUserScoreStore>();
        // The PostgreSQL engine's types are only resolved (and its data source only built) when it is the configured one.
        services.TryAddSingleton(sp => PostgresDataSource.Create(sp.GetRequiredService<IOptions<StoreOptions>>()));
        services.TryAddSingleton<PostgresStoreInitializer>();
        services.TryAddSingleton<PostgresProductStore>();
        services.TryAddSingleton<PostgresWriter>();
        services.TryAddSingleton<PostgresOrderStore>();
        services.TryAddSingleton<PostgresStockStore>();
        services.TryAddSingleton<PostgresUserScoreStore>();
        services.TryAddSingleton<PostgresChangeFeed>();
        services.TryAddSingleton<ChangeFeedStatus>();
        services.TryAddSingleton<MemoryStore>();
        services.TryAddSingleton<ProductReadModel>();
        services.TryAddSingleton<UserScoreReadModel>();
        services.TryAddSingleton<ReadModelLoader>();
        services.TryAddSingleton<IEngineInitializer>(sp => Engine<IEngineInitializer, SqliteStoreInitializer, PostgresStoreInitializer>(sp));
        services.TryAddSingleton<IReadModelFeed>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.IsPostgres
            ? sp.GetRequiredService<PostgresChangeFeed>()
            : sp.GetRequiredService<ReadModelLoader>());
        services.TryAddSingleton<IStoreInitializer, StoreStartup>();
        services.TryAddSingleton<IProductStore>(sp => Engine<IProductStore, SqliteProductStore, PostgresProductStore>(sp));
        services.TryAddSingleton<IOrderStore>(sp => Engine<IOrderStore, SqliteOrderStore, PostgresOrderStore>(sp));
        services.TryAddSingleton<IStockStore>(sp => Engine<IStockStore, SqliteStockStore, PostgresStockStore>(sp));
        services.TryAddSingleton<IUserScoreStore>(sp => Engine<IUserScoreStore, SqliteUserScoreStore, PostgresUserScoreStore>(sp));

        services.TryAddSingleton<ProdService>();
        services.TryAddSingleton<OrderService>();
        services.TryAddSingleton<UserService>();
        services.TryAddSingleton<InventoryService>();
        services.TryAddSingleton<IProdService>(sp => sp.GetRequiredService<ProdService>());
        services.TryAddSingleton<IOrderService>(sp => sp.GetRequiredService<OrderService>());
        services.TryAddSingleton<IUserService>(sp => sp.GetRequiredService<UserService>());
        services.TryAddSingleton<IInventoryService>(sp => sp.GetRequiredService<InventoryService>());
        return services;
    }

    /// <summary>The configured engine's implementation of a store interface (<see cref="StoreOptions.Provider"/>).</summary>
    private static TStore Engine<TStore, TSqlite, TPostgres>(IServiceProvider services)
        where TSqlite : TStore
        where TPostgres : TStore
        where TStore : notnull
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        return options.IsMemory ? (TStore)(object)services.GetRequiredService<MemoryStore>()
            : options.IsPostgres ? services.GetRequiredService<TPostgres>()
            : services.GetRequiredService<TSqlite>();
    }
}
