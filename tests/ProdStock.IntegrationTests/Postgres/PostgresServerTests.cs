using System.Diagnostics;
using Npgsql;
using ProdStock.Testing;
using ProdStock.Testing.Postgres;
using Xunit.Abstractions;

namespace ProdStock.IntegrationTests.Postgres;

/// <summary>The throwaway PostgreSQL server the store tests use: shared, per-test databases, and outages of a dedicated one.</summary>
public sealed class PostgresServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SharedAsync_Query_ReturnsTheServerVersion()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(PostgresServer.StartTimeout);

        var version = await ScalarAsync<string>(server.AdminConnectionString, "SELECT version()");

        version.Should().StartWith("PostgreSQL");
        (await PostgresServer.SharedAsync().DefaultTimeout()).Should().BeSameAs(server, "there is one server per test process");
    }

    [Fact]
    public async Task CreateDatabaseAsync_TwoDatabases_AreIsolatedAndGoneAfterDispose()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(PostgresServer.StartTimeout);
        var stopwatch = Stopwatch.StartNew();
        var first = await server.CreateDatabaseAsync().DefaultTimeout();
        output.WriteLine($"CREATE DATABASE took {stopwatch.ElapsedMilliseconds} ms");
        await using var second = await server.CreateDatabaseAsync().DefaultTimeout();

        await ExecuteAsync(first.ConnectionString, "CREATE TABLE only_in_first (id int)");
        var inSecond = await ScalarAsync<long>(second.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'");
        stopwatch.Restart();
        await first.DisposeAsync().DefaultTimeout();
        output.WriteLine($"DROP DATABASE took {stopwatch.ElapsedMilliseconds} ms");

        first.Name.Should().NotBe(second.Name);
        inSecond.Should().Be(0);
        (await DatabaseExistsAsync(server, first.Name)).Should().BeFalse();
        (await DatabaseExistsAsync(server, second.Name)).Should().BeTrue();
    }

    [Fact]
    public async Task CreateDatabaseAsync_PrefixWithCapitalsAndSpaces_GivesALowerCaseIdentifier()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(PostgresServer.StartTimeout);

        await using var database = await server.CreateDatabaseAsync("Store Contract-Tests").DefaultTimeout();

        database.Name.Should().MatchRegex("^store_contract_tests_[0-9a-f]{12}$");
        (await ScalarAsync<string>(database.ConnectionString, "SELECT current_database()")).Should().Be(database.Name);
    }

    [Fact]
    public async Task DisposeAsync_SessionStillOpen_DropsTheDatabase()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(PostgresServer.StartTimeout);
        var database = await server.CreateDatabaseAsync("open_session").DefaultTimeout();
        await using var open = new NpgsqlConnection(database.ConnectionString);
        await open.OpenAsync().DefaultTimeout();

        await database.DisposeAsync().DefaultTimeout();

        (await DatabaseExistsAsync(server, database.Name)).Should().BeFalse();
    }

    [Fact]
    public async Task StopAsync_ThenStartAgainAsync_ConnectingFailsThenTheDataIsBack()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var server = await PostgresServer.StartAsync().WaitAsync(PostgresServer.StartTimeout);
        output.WriteLine($"initdb and start took {stopwatch.ElapsedMilliseconds} ms");
        var database = await server.CreateDatabaseAsync("outage").DefaultTimeout();
        var unpooled = Unpooled(database.ConnectionString);
        await ExecuteAsync(unpooled, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");

        stopwatch.Restart();
        await server.StopAsync().DefaultTimeout();
        output.WriteLine($"stop took {stopwatch.ElapsedMilliseconds} ms");
        var whileStopped = () => ScalarAsync<int>(unpooled, "SELECT 1");
        await whileStopped.Should().ThrowAsync<NpgsqlException>();
        stopwatch.Restart();
        await server.StartAgainAsync().DefaultTimeout();
        output.WriteLine($"start again took {stopwatch.ElapsedMilliseconds} ms");

        (await ScalarAsync<int>(unpooled, "SELECT id FROM kept")).Should().Be(42);
    }

    [Fact]
    public async Task StartAgainAsync_WhileRunning_FailsNamingTheCommandExitCodeAndServerLog()
    {
        await using var server = await PostgresServer.StartAsync().WaitAsync(PostgresServer.StartTimeout);

        var startTwice = () => server.StartAgainAsync().DefaultTimeout();

        (await startTwice.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("pg_ctl start -D")
            .And.Contain("exited with 1")
            .And.Contain("lock file \"postmaster.pid\" already exists");
    }

    [Fact]
    public async Task DisposeAsync_DedicatedServer_StopsIt()
    {
        var server = await PostgresServer.StartAsync().WaitAsync(PostgresServer.StartTimeout);
        var admin = Unpooled(server.AdminConnectionString);
        await ScalarAsync<int>(admin, "SELECT 1");

        await server.DisposeAsync().DefaultTimeout();

        var afterDispose = () => ScalarAsync<int>(admin, "SELECT 1");
        await afterDispose.Should().ThrowAsync<NpgsqlException>();
    }

    [Fact]
    public async Task StopAsync_SharedServer_ThrowsAndKeepsServing()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(PostgresServer.StartTimeout);

        var stop = () => server.StopAsync().DefaultTimeout();

        await stop.Should().ThrowAsync<InvalidOperationException>().WithMessage("*PostgresServer.StartAsync()*");
        (await ScalarAsync<int>(server.AdminConnectionString, "SELECT 1")).Should().Be(1);
    }

    [Fact]
    public async Task EnsureAsync_BinariesMissingAndNotRoot_FailsNamingTheSudoCommand()
    {
        var ensure = () => PostgresServer.Packages.EnsureAsync(["/usr/lib/postgresql/<version>/bin with initdb and pg_ctl"], runsAsRoot: false);

        // Written out, not taken from the property: what a person copies from the message is the contract.
        (await ensure.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("/usr/lib/postgresql/<version>/bin with initdb and pg_ctl is missing")
            .And.Contain("`sudo apt-get install -y postgresql`");
    }

    [Fact]
    public void FindBinDirectory_SeveralVersions_PicksTheNewestWithInitdbAndPgCtl()
    {
        var root = Directory.CreateTempSubdirectory("prodstock-pglib-").FullName;
        try
        {
            void Version(string version, params string[] programs)
            {
                var bin = Directory.CreateDirectory(Path.Combine(root, version, "bin")).FullName;
                foreach (var program in programs)
                {
                    File.WriteAllText(Path.Combine(bin, program), "");
                }
            }

            Version("9.6", "initdb", "pg_ctl");
            Version("15", "initdb", "pg_ctl");
            Version("16", "initdb");
            Version("common", "initdb", "pg_ctl");

            PostgresServer.FindBinDirectory(root).Should().Be(Path.Combine(root, "15", "bin"));
            PostgresServer.FindBinDirectory(Path.Combine(root, "absent")).Should().BeNull();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;

    private static async Task<bool> DatabaseExistsAsync(PostgresServer server, string name) =>
        await ScalarAsync<long>(server.AdminConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == 1;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().DefaultTimeout();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().DefaultTimeout();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().DefaultTimeout();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync().DefaultTimeout())!;
    }
}
