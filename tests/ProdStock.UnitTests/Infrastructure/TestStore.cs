using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProdStock.Services;
using ProdStock.Services.Storage;
using ProdStock.Testing.Postgres;

namespace ProdStock.UnitTests.Infrastructure;

/// <summary>
/// The ProdStock services over a real SQLite file in a temporary folder — or, for the engine <c>Postgres</c>, a database
/// of its own on the test run's PostgreSQL server — built as the host builds them (<c>AddProdStockServices</c>) but
/// without the host. Disposing deletes the folder and drops the database.
/// </summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<ServiceProvider> _providers = [];

    private PostgresDatabase? _postgres;
    private string _engine = "Sqlite";

    private TestStore(string relativeDatabasePath, FakeClock clock)
    {
        Clock = clock;
        DatabasePath = _folder.Combine(relativeDatabasePath.Split('/'));
    }

    /// <summary>The PostgreSQL database's connection string; only for the engine <c>Postgres</c>.</summary>
    public string PostgresConnectionString => _postgres?.ConnectionString ?? throw new InvalidOperationException("The store is not on PostgreSQL.");

    public FakeClock Clock { get; }

    public string DatabasePath { get; }

    /// <summary>The provider the store was created with.</summary>
    public IServiceProvider Services => _providers[0];

    /// <summary>
    /// Creates the store on <paramref name="engine"/> (<c>Sqlite</c>, <c>Postgres</c> or <c>Memory</c>); unless
    /// <paramref name="initialize"/> is false, its schema and (if enabled) demo data too.
    /// </summary>
    public static async Task<TestStore> CreateAsync(
        bool initialize = true,
        bool seedDemoData = true,
        string relativeDatabasePath = "prodstock.db",
        Action<IServiceCollection>? configure = null,
        string engine = "Sqlite")
    {
        var store = new TestStore(relativeDatabasePath, new FakeClock());
        try
        {
            store._engine = engine;
            if (string.Equals(engine, "Postgres", StringComparison.OrdinalIgnoreCase))
            {
                var server = await PostgresServer.SharedAsync().WaitAsync(PostgresServer.StartTimeout);
                store._postgres = await server.CreateDatabaseAsync("store").DefaultTimeout();
            }

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

    /// <summary>Builds another provider over the same database (for other options, or a second host); it is disposed with the store.</summary>
    public IServiceProvider AddProvider(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddProdStockServices();
        services.Configure<StoreOptions>(o =>
        {
            o.Path = DatabasePath;
            o.Provider = _engine;
            o.ConnectionString = _postgres?.ConnectionString;
        });
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Runs a scalar query on its own, unpooled connection (to the SQLite file, or the PostgreSQL database).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        if (_postgres is not null)
        {
            await using var postgres = new NpgsqlConnection(_postgres.ConnectionString);
            await postgres.OpenAsync().DefaultTimeout();
            await using var query = new NpgsqlCommand(sql, postgres);
            return await query.ExecuteScalarAsync().DefaultTimeout();
        }

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
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
