using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Services;
using ProdStock.Services.Storage;

namespace ProdStock.UnitTests.Infrastructure;

/// <summary>
/// The ProdStock services over a real SQLite file in a temporary folder, built as the host builds them
/// (<c>AddProdStockServices</c>) but without the host. Disposing deletes the folder.
/// </summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<ServiceProvider> _providers = [];

    private TestStore(string relativeDatabasePath, FakeClock clock)
    {
        Clock = clock;
        DatabasePath = _folder.Combine(relativeDatabasePath.Split('/'));
    }

    public FakeClock Clock { get; }

    public string DatabasePath { get; }

    /// <summary>The provider the store was created with.</summary>
    public IServiceProvider Services => _providers[0];

    /// <summary>Creates the store; unless <paramref name="initialize"/> is false, its schema and (if enabled) demo data too.</summary>
    public static async Task<TestStore> CreateAsync(
        bool initialize = true,
        bool seedDemoData = true,
        string relativeDatabasePath = "prodstock.db",
        Action<IServiceCollection>? configure = null)
    {
        var store = new TestStore(relativeDatabasePath, new FakeClock());
        try
        {
            store.AddProvider(services =>
            {
                services.Configure<StoreOptions>(o => o.SeedDemoData = seedDemoData);
                configure?.Invoke(services);
            });
            if (initialize)
            {
                await store.InitializeAsync().DefaultTimeout();
            }

            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public Task InitializeAsync() => Get<IStoreInitializer>().InitializeAsync(CancellationToken.None);

    /// <summary>Builds another provider over the same database file (for other options); it is disposed with the store.</summary>
    public IServiceProvider AddProvider(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddProdStockServices();
        services.Configure<StoreOptions>(o => o.Path = DatabasePath);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Runs a scalar query on its own, unpooled connection.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync().DefaultTimeout();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync().DefaultTimeout();
    }

    public async Task<long> CountAsync(string table) => Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM {table};"));

    public SqliteConnection CreateConnection() =>
        new(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
