using System.Globalization;
using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Services.Storage.Sqlite;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Storage;

/// <summary>The SQLite <see cref="IStoreInitializer"/>, each test on its own new database file.</summary>
public sealed class SqliteStoreInitializerTests
{
    [Fact]
    public async Task InitializeAsync_PathInMissingFolder_CreatesFolderAndFile()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false, relativeDatabasePath: "nested/deeper/prodstock.db");
        Directory.Exists(Path.GetDirectoryName(store.DatabasePath)).Should().BeFalse();

        // Act
        await store.InitializeAsync().DefaultTimeout();

        // Assert
        File.Exists(store.DatabasePath).Should().BeTrue();
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task InitializeAsync_PathInMissingFolder_CreatesFolder0700AndFileWalShm0600()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false, relativeDatabasePath: "data/deeper/prodstock.db");
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        // Act
        await store.InitializeAsync().DefaultTimeout();
        await store.Get<IOrderStore>().PlaceAsync(new NewOrder("modes", 1, 1f, DateTime.UtcNow, false, []), CancellationToken.None).DefaultTimeout();

        // Assert: the writer's connection is open, so the WAL and its index exist.
        var folder = Path.GetDirectoryName(store.DatabasePath)!;
        File.GetUnixFileMode(folder).Should().Be(ownerOnly | UnixFileMode.UserExecute);
        File.GetUnixFileMode(Path.GetDirectoryName(folder)!).Should().Be(ownerOnly | UnixFileMode.UserExecute, "every folder the host creates");
        foreach (var file in new[] { store.DatabasePath, store.DatabasePath + "-wal", store.DatabasePath + "-shm" })
        {
            File.GetUnixFileMode(file).Should().Be(ownerOnly, file);
        }
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task InitializeAsync_ExistingFolder_KeepsItsMode()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false, relativeDatabasePath: "shared/prodstock.db");
        const UnixFileMode shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        var folder = Path.GetDirectoryName(store.DatabasePath)!;
        Directory.CreateDirectory(folder, shared);
        File.SetUnixFileMode(folder, shared);

        // Act
        await store.InitializeAsync().DefaultTimeout();

        // Assert
        File.GetUnixFileMode(folder).Should().Be(shared, "the operator's folder is the operator's choice");
        File.GetUnixFileMode(store.DatabasePath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_SwitchesToWalJournalMode()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false);

        // Act
        await store.InitializeAsync().DefaultTimeout();

        // Assert
        (await store.ScalarAsync("PRAGMA journal_mode;")).Should().Be("wal");
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_SetsUserVersionToMigrationCount()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false);

        // Act
        await store.InitializeAsync().DefaultTimeout();

        // Assert
        SqliteSchema.CurrentVersion.Should().Be(SqliteSchema.Migrations.Count).And.BePositive();
        Convert.ToInt32(await store.ScalarAsync("PRAGMA user_version;"), CultureInfo.InvariantCulture).Should().Be(SqliteSchema.CurrentVersion);
    }

    [Fact]
    public async Task InitializeAsync_EmptyStore_LoadsDemoDataSetOnce()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false);

        // Act
        await store.InitializeAsync().DefaultTimeout();

        // Assert
        (await store.CountAsync("products")).Should().Be(1000);
        (await store.CountAsync("product_stocks")).Should().Be(3000);
        (await store.CountAsync("user_scores")).Should().Be(1000);
        (await store.CountAsync("orders")).Should().Be(0);
    }

    [Fact]
    public async Task InitializeAsync_FourHostsStartTogetherOnNewFile_MigrateAndSeedExactlyOnce()
    {
        // Arrange: four independent service providers (as four host processes would be) on one new file.
        // This guards the outcome; it does not reproduce the race reliably (SQLite's switch to WAL already serialises
        // the starts here), so the single write transaction in SqliteStoreInitializer stays for correctness, not for this test.
        await using var store = await TestStore.CreateAsync(initialize: false);
        var initializers = Enumerable.Range(0, 4)
            .Select(_ => store.AddProvider().GetRequiredService<IStoreInitializer>())
            .ToList();

        // Act
        await Task.WhenAll(initializers.Select(i => Task.Run(() => i.InitializeAsync(CancellationToken.None)))).DefaultTimeout();

        // Assert
        (await store.CountAsync("products")).Should().Be(1000);
        (await store.CountAsync("user_scores")).Should().Be(1000);
        Convert.ToInt32(await store.ScalarAsync("PRAGMA user_version;")).Should().Be(SqliteSchema.CurrentVersion);
    }

    [Fact]
    public async Task InitializeAsync_EmptyStore_StoresDemoValues()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false);
        var product = DemoDataSet.Product(500)!;

        // Act
        await store.InitializeAsync().DefaultTimeout();

        // Assert
        (await store.ScalarAsync("SELECT prod_name FROM products WHERE prod_id = 500;")).Should().Be(product.Name);
        Convert.ToSingle(await store.ScalarAsync("SELECT prod_price FROM products WHERE prod_id = 500;"), CultureInfo.InvariantCulture)
            .Should().Be(product.Price);
        (await store.ScalarAsync($"SELECT quantity FROM product_stocks WHERE prod_id = 500 AND area = {(int)ProdAreas.C};"))
            .Should().Be((long)product.StockIn(ProdAreas.C));
        (await store.ScalarAsync("SELECT user_score FROM user_scores WHERE user_id = 999;")).Should().Be((long)DemoDataSet.Score(999));
    }

    [Fact]
    public async Task InitializeAsync_CalledAgain_DoesNotDuplicateRowsOrLoseOrders()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync();
        await store.ScalarAsync(
            "INSERT INTO orders (order_no, user_id, order_money, order_time_ticks, time_from_client, created_ticks) VALUES ('kept', 1, 2.5, 0, 0, 0);");

        // Act
        await store.InitializeAsync().DefaultTimeout();

        // Assert
        (await store.CountAsync("products")).Should().Be(1000);
        (await store.CountAsync("product_stocks")).Should().Be(3000);
        (await store.CountAsync("user_scores")).Should().Be(1000);
        (await store.CountAsync("orders")).Should().Be(1);
        Convert.ToInt32(await store.ScalarAsync("PRAGMA user_version;"), CultureInfo.InvariantCulture).Should().Be(SqliteSchema.CurrentVersion);
    }

    [Fact]
    public async Task InitializeAsync_SeedDemoDataDisabled_LeavesTablesEmpty()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false, seedDemoData: false);

        // Act
        await store.InitializeAsync().DefaultTimeout();

        // Assert
        (await store.CountAsync("products")).Should().Be(0);
        (await store.CountAsync("product_stocks")).Should().Be(0);
        (await store.CountAsync("user_scores")).Should().Be(0);
    }

    [Fact]
    public async Task InitializeAsync_SchemaVersionNewerThanKnown_ThrowsInvalidOperationNamingVersion()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(initialize: false);
        await store.ScalarAsync("PRAGMA user_version = 42;");

        // Act
        Func<Task> act = () => store.InitializeAsync().DefaultTimeout();

        // Assert
        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain("42").And.Contain(store.DatabasePath);
        (await store.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table';")).Should().Be(0L);
    }
}
