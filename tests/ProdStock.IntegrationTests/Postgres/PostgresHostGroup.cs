using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Npgsql;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Testing;
using ProdStock.Testing.Postgres;

namespace ProdStock.IntegrationTests.Postgres;

/// <summary>
/// Several real host processes on one fresh PostgreSQL database, as operators run ProdStock behind a load balancer:
/// each host its own working directory and port, all of them the same certificates. The hosts start in parallel;
/// the group also reads the database directly, as an auditor would, to hold the hosts' answers against it.
/// </summary>
internal sealed class PostgresHostGroup : IAsyncDisposable
{
    /// <summary>The bound on a host's start: migrating and seeding the database included.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    /// <summary>The bound on one statement of the auditor's connection.</summary>
    private static readonly TimeSpan SqlTimeout = TimeSpan.FromSeconds(10);

    private readonly TestWorkspace _workspace;
    private readonly PostgresDatabase _database;
    private readonly List<HostProcess> _processes;
    private readonly List<GrpcChannel> _healthChannels;
    private readonly List<ProdStockClient> _clients = [];

    private PostgresHostGroup(TestWorkspace workspace, PostgresDatabase database, List<HostProcess> processes, List<Uri> addresses)
    {
        _workspace = workspace;
        _database = database;
        _processes = processes;
        Addresses = addresses;
        _healthChannels = [.. addresses.Select(address => RawChannels.Tls(address, workspace.Certificates.Authority, workspace.Certificates.Client))];
    }

    /// <summary>The gRPC address of each host, by index.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The database the hosts share.</summary>
    public PostgresDatabase Database => _database;

    /// <summary>How long the hosts took from the first process start until every one listened.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>
    /// Creates a fresh database on <paramref name="server"/> and starts <paramref name="count"/> hosts on it at once
    /// (the first start migrates and seeds it under the engine's advisory lock; the others wait and find it done).
    /// </summary>
    public static async Task<PostgresHostGroup> StartAsync(PostgresServer server, int count, string databasePrefix)
    {
        var workspace = new TestWorkspace();
        PostgresDatabase? database = null;
        var processes = new List<HostProcess>();
        try
        {
            database = await server.CreateDatabaseAsync(databasePrefix).DefaultTimeout();
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var folder = Directory.CreateDirectory(Path.Combine(workspace.Folder, $"host{i}")).FullName;
                processes.Add(HostProcess.Start(folder, "Production", Arguments(workspace.Certificates, database.ConnectionString)));
            }

            var addresses = await Task.WhenAll(processes.Select((process, i) => ListeningAsync(process, i)));
            return new PostgresHostGroup(workspace, database, processes, [.. addresses]) { StartDuration = stopwatch.Elapsed };
        }
        catch
        {
            processes.ForEach(process => process.Dispose());
            if (database is not null)
            {
                await database.DisposeAsync().AsTask().DefaultTimeout();
            }

            workspace.Dispose();
            throw;
        }
    }

    /// <summary>The command line of a host on the PostgreSQL engine: gRPC on 127.0.0.1 port 0, no REST gateway.</summary>
    public static string[] Arguments(TestCertificates certificates, string connectionString) =>
    [
        "--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Rest:Enabled=false", "--ProdStock:Management:Port=0",
        "--ProdStock:Store:Provider=Postgres", $"--ConnectionStrings:ProdStock={connectionString}",
        .. TestHost.CertificateArguments(certificates),
    ];

    /// <summary>An SDK client of one host with a modest default deadline (10 s); <paramref name="configure"/> may change
    /// more. The group disposes it.</summary>
    public ProdStockClient CreateClient(int host, Action<ProdStockClientOptions>? configure = null)
    {
        var client = _workspace.CreateClient(Addresses[host], options =>
        {
            options.DefaultDeadline = TimeSpan.FromSeconds(10);
            configure?.Invoke(options);
        });
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>One SDK client per host, in host order.</summary>
    public ProdStockClient[] CreateClients(Action<ProdStockClientOptions>? configure = null) =>
        [.. Enumerable.Range(0, Addresses.Count).Select(host => CreateClient(host, configure))];

    /// <summary>Kills one host at once (SIGKILL): no shutdown code runs.</summary>
    public void Kill(int host) => _processes[host].KillNow();

    /// <summary>What a host wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output(int host) => _processes[host].Output;

    /// <summary>For a failing test's output: each host's warnings and errors, then the last <paramref name="tailLines"/> lines it wrote.</summary>
    public string Diagnostics(int tailLines = 20) => string.Join(Environment.NewLine, Enumerable.Range(0, _processes.Count).SelectMany(host =>
        Problems(host).Append($"host {host}: (last {tailLines} lines)").Concat(Output(host).Split('\n').TakeLast(tailLines).Select(line => $"host {host}: {line.TrimEnd()}"))));

    /// <summary>
    /// The warnings, errors and critical entries a host logged after <paramref name="from"/> characters of its output
    /// (see <see cref="Output"/>), each with its message lines: what a test prints to explain a failure.
    /// </summary>
    public IEnumerable<string> Problems(int host, int from = 0)
    {
        var lines = Output(host)[Math.Min(from, Output(host).Length)..].Split('\n');
        var inProblem = false;
        foreach (var line in lines)
        {
            var isHeader = line.Length > 5 && line[4] == ':' && !line.StartsWith(' ');
            inProblem = isHeader ? line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal)
                || line.StartsWith("crit:", StringComparison.Ordinal) : inProblem;
            if (inProblem)
            {
                yield return $"host {host}: {line.TrimEnd()}";
            }
        }
    }

    /// <summary>The standard gRPC health of one host's whole server (service ""), asked with a 3 s deadline.</summary>
    public async Task<HealthCheckResponse.Types.ServingStatus> CheckHealthAsync(int host)
    {
        var response = await new Health.HealthClient(_healthChannels[host])
            .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(3)).ResponseAsync.DefaultTimeout();
        return response.Status;
    }

    /// <summary>Polls one host's health every 50 ms until it is <paramref name="expected"/>; returns how long that took,
    /// or null when it was not within <paramref name="timeout"/>. A health call that fails counts as not yet.</summary>
    public async Task<TimeSpan?> WaitForHealthAsync(int host, HealthCheckResponse.Types.ServingStatus expected, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            try
            {
                if (await CheckHealthAsync(host) == expected)
                {
                    return stopwatch.Elapsed;
                }
            }
            catch (RpcException)
            {
                // Not answering counts as not yet.
            }

            await Task.Delay(50);
        }

        return null;
    }

    /// <summary>Runs a statement on the shared database with positional parameters ($1, $2…).</summary>
    public async Task<int> ExecuteAsync(string sql, params object[] values)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, values);
        return await command.ExecuteNonQueryAsync().WaitAsync(SqlTimeout);
    }

    /// <summary>The first column of the first row of a query on the shared database.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, values);
        return (T)(await command.ExecuteScalarAsync().WaitAsync(SqlTimeout))!;
    }

    /// <summary>The stock row of one product-area in the database.</summary>
    public Task<int> StockAsync(int prodId, ProdAreas area) =>
        ScalarAsync<int>("SELECT quantity FROM product_stocks WHERE prod_id = $1 AND area = $2", prodId, (int)area);

    /// <summary>Every stock row of the database.</summary>
    public async Task<Dictionary<(int ProdId, ProdAreas Area), int>> StocksAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, "SELECT prod_id, area, quantity FROM product_stocks");
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(SqlTimeout);
        var stock = new Dictionary<(int, ProdAreas), int>();
        while (await reader.ReadAsync().WaitAsync(SqlTimeout))
        {
            stock[(reader.GetInt32(0), (ProdAreas)reader.GetInt32(1))] = reader.GetInt32(2);
        }

        return stock;
    }

    /// <summary>Every stored order whose number starts with <paramref name="prefix"/>, with its lines.</summary>
    public async Task<Dictionary<string, List<(int ProdId, ProdAreas Area, int Quantity)>>> OrdersAsync(string prefix)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, """
            SELECT o.order_no, l.prod_id, l.area, l.quantity FROM orders o LEFT JOIN order_lines l ON l.order_id = o.order_id
            WHERE starts_with(o.order_no, $1)
            """, prefix);
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(SqlTimeout);
        var orders = new Dictionary<string, List<(int, ProdAreas, int)>>(StringComparer.Ordinal);
        while (await reader.ReadAsync().WaitAsync(SqlTimeout))
        {
            var lines = orders.TryGetValue(reader.GetString(0), out var found) ? found : orders[reader.GetString(0)] = [];
            if (!reader.IsDBNull(1))
            {
                lines.Add((reader.GetInt32(1), (ProdAreas)reader.GetInt32(2), reader.GetInt32(3)));
            }
        }

        return orders;
    }

    /// <summary>What one host's read model answers for each of <paramref name="keys"/> (GetProdStock, one call each).</summary>
    public static async Task<Dictionary<(int ProdId, ProdAreas Area), int>> ServedStockAsync(
        ProdStockClient client, IEnumerable<(int ProdId, ProdAreas Area)> keys)
    {
        var served = new Dictionary<(int, ProdAreas), int>();
        foreach (var key in keys)
        {
            served[key] = (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = key.ProdId, ProdArea = key.Area }).DefaultTimeout()).ProdStock;
        }

        return served;
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(client => client.Dispose());
        _healthChannels.ForEach(channel => channel.Dispose());
        _processes.ForEach(process => process.Dispose());
        try
        {
            await _database.DisposeAsync().AsTask().DefaultTimeout();
        }
        catch (NpgsqlException)
        {
            // A test that failed during an outage of its own server leaves it stopped; that server goes with its folder.
        }

        _workspace.Dispose();
    }

    private static async Task<Uri> ListeningAsync(HostProcess process, int index)
    {
        try
        {
            return await process.ListeningAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                $"Host {index} did not listen within {StartTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{process.Output}");
        }
    }

    // Unpooled and quick to give up: the auditor's connection must not outlive an outage of the server in a broken pool.
    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync().WaitAsync(SqlTimeout);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
