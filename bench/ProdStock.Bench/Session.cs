using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ProdStock.ClientSdk;
using ProdStock.Contracts;

namespace ProdStock.Bench;

/// <summary>
/// What one invocation shares: settings, pinning, the machine record, a temporary folder with the run's certificates and
/// stores, and the servers it started (stopped, and the folder deleted, on dispose).
/// </summary>
internal sealed class Session(BenchSettings settings, IReadOnlyDictionary<string, string> paths, string repositoryRoot, CancellationToken abort) : IAsyncDisposable
{
    private readonly List<ServerProcess> _servers = [];
    private readonly List<IAsyncDisposable> _afterServers = [];
    private DirectoryInfo? _temp;

    public BenchSettings Settings { get; } = settings;

    public CancellationToken Abort { get; } = abort;

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public Affinity Affinity { get; } = Affinity.Plan(settings.Pin);

    public MachineInfo Machine { get; } = MachineInfo.Collect(repositoryRoot);

    public CertificateSet Certificates { get; private set; } = null!;

    /// <summary>How long a server may take to start: seeding and loading 10 million products takes minutes.</summary>
    public TimeSpan ReadyTimeout => TimeSpan.FromSeconds(90 + (Settings.Products / 5_000));

    public async Task InitializeAsync()
    {
        Affinity.PinSelf();
        Console.Error.WriteLine($"machine: {Machine.CpuModel}, {Machine.LogicalCpus} CPUs, load average {MachineInfo.LoadAverage()}; commit {Machine.GitCommit[..Math.Min(12, Machine.GitCommit.Length)]}{(Machine.GitDirty ? " (dirty)" : "")}");
        Console.Error.WriteLine($"pinning: {Affinity.Reason}");

        // A benchmark killed outright leaves its folder (its servers end themselves when their standard input closes).
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "prodstock-bench-*"))
        {
            var owner = Path.Combine(folder, "owner.pid");
            if (File.Exists(owner) && !Directory.Exists($"/proc/{File.ReadAllText(owner).Trim()}"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        _temp = Directory.CreateTempSubdirectory("prodstock-bench-");
        await File.WriteAllTextAsync(Path.Combine(_temp.FullName, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), Abort);
        Certificates = new CertificateSet(Path.Combine(_temp.FullName, "certs"));
        using var certs = Process.Start(new ProcessStartInfo(DotnetHost.Path, [paths["ProdStock.Host"], "certs", "--out", Certificates.Folder]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = certs.StandardOutput.ReadToEndAsync(Abort);
        var error = certs.StandardError.ReadToEndAsync(Abort);
        try
        {
            await certs.WaitForExitAsync(Abort).WaitAsync(TimeSpan.FromSeconds(60), Abort);
        }
        finally
        {
            if (!certs.HasExited)
            {
                certs.Kill();
            }
        }

        if (certs.ExitCode != 0)
        {
            throw new InvalidOperationException($"ProdStock.Host certs failed ({certs.ExitCode}): {await output}{await error}");
        }
    }

    /// <summary>
    /// Starts the host (<paramref name="contractFirst"/> false) or the contract-first server on <paramref name="engine"/>
    /// (<c>sqlite</c>, <c>memory</c>, or <c>postgres</c> at <paramref name="connectionString"/>) with its own store file,
    /// the demo data (<see cref="BenchSettings.Products"/> products), logging at Warning but the store's start-up lines
    /// (the read model's load, PostgreSQL's migrations, seeding and change feed), pinned to the servers' CPUs, the REST
    /// gateway on when <paramref name="rest"/>, the host's telemetry (traces and metrics, exported nowhere) as it starts by
    /// default unless <paramref name="telemetry"/> is false.
    /// </summary>
    public ServerProcess Start(string label, bool contractFirst, string engine, bool rest, string? connectionString = null, string? storeNote = null, bool telemetry = true)
    {
        var (grpc, restPort) = (FreePort(), rest ? FreePort() : (int?)null);
        List<string> arguments =
        [
            "--ProdStock:Grpc:Host=127.0.0.1", $"--ProdStock:Grpc:Port={grpc}",
            // The management listener (health probes, plain HTTP) defaults to 9469: a free port each, so servers never share one.
            "--ProdStock:Management:Port=0",
            $"--ProdStock:Tls:CaCertificatePath={Certificates.CaPath}",
            $"--ProdStock:Tls:CertificatePath={Certificates.ServerCertificatePath}",
            $"--ProdStock:Tls:KeyPath={Certificates.ServerKeyPath}",
            "--ProdStock:Tls:GenerateInDevelopment=false",
            $"--ProdStock:Store:Provider={engine switch { "memory" => "Memory", "postgres" => "Postgres", _ => "Sqlite" }}",
            $"--ProdStock:Store:Path={Path.Combine(_temp!.FullName, label + ".db")}", "--ProdStock:Store:SeedDemoData=true",
            $"--ProdStock:Store:DemoProductCount={Settings.Products}",
            $"--ProdStock:Users:StreamBatchSize={Settings.StreamBatchSize}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information", "--Logging:LogLevel:ProdStock.Services.Storage=Information",
            "--AllowedHosts=*",
        ];
        if (engine == "postgres")
        {
            arguments.Add($"--ConnectionStrings:ProdStock={connectionString ?? throw new ArgumentNullException(nameof(connectionString))}");
        }

        // The host's gateway is on by default (port 9468): off unless asked for, so servers never share a port.
        arguments.AddRange(restPort is { } port
            ? ["--ProdStock:Rest:Enabled=true", "--ProdStock:Rest:Host=127.0.0.1", $"--ProdStock:Rest:Port={port}"]
            : ["--ProdStock:Rest:Enabled=false"]);

        if (!telemetry && !contractFirst)
        {
            arguments.Add("--ProdStock:Telemetry:Enabled=false");
        }

        var description = (contractFirst ? "contract-first Grpc.AspNetCore (Grpc.Tools stubs from protos/services.proto), " : "code-first host (src/Host), ") +
            (engine switch { "memory" => "in-memory store", "postgres" => "PostgreSQL store", _ => "SQLite store (the host's default)" }) +
            (storeNote is null ? "" : $" ({storeNote})") +
            (contractFirst ? "" : telemetry ? ", telemetry on (the default)" : ", telemetry off");
        var server = ServerProcess.Start(label, description, paths[contractFirst ? "ProdStock.Bench.ContractFirst" : "ProdStock.Host"], arguments,
            paths["ProdStock.Bench.StatsHook"], Path.Combine(_temp.FullName, label + ".stats"), grpc, restPort, Affinity, Settings.ServerEnvironment);
        lock (_servers)
        {
            _servers.Add(server);
        }

        return server;
    }

    /// <summary>Disposes <paramref name="resource"/> (e.g. the PostgreSQL cluster) once the servers have stopped.</summary>
    public void DisposeAfterServers(IAsyncDisposable resource) => _afterServers.Add(resource);

    /// <summary>One GetProdStock call on a fresh connection.</summary>
    public async Task<ProdResponse> AskAsync(ServerProcess server, int prodId, ProdAreas area)
    {
        using var client = new ProdStockClient(new ProdStockClientOptions
        {
            Address = server.GrpcAddress,
            CaCertificatePath = Certificates.CaPath,
            ClientCertificatePath = Certificates.ClientCertificatePath,
            ClientKeyPath = Certificates.ClientKeyPath,
            DefaultDeadline = TimeSpan.FromSeconds(30),
            RetryReadOnlyCalls = false,
        });
        return await client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = area }, new ProtoBuf.Grpc.CallContext(new Grpc.Core.CallOptions(cancellationToken: Abort)));
    }

    /// <summary>Writes <c>bench/results/&lt;time&gt;[-quick]-&lt;kind&gt;.json</c> and <c>.md</c>.</summary>
    public async Task SaveAsync(string kind, object report, string markdown)
    {
        var folder = Settings.OutputFolder ?? Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{Started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}{(Settings.Quick ? "-quick" : "")}-{kind}");
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report, Json.Options), CancellationToken.None);
        await File.WriteAllTextAsync(stem + ".md", markdown, CancellationToken.None);
        Console.Error.WriteLine($"results: {stem}.json and .md ({Clock.Elapsed.TotalMinutes:0.0} min)");
    }

    /// <summary>Kills every server at once (process exit: no time for a graceful stop).</summary>
    public void KillAll()
    {
        lock (_servers)
        {
            _servers.ForEach(server => server.KillNow());
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ServerProcess> servers;
        lock (_servers)
        {
            servers = [.. _servers];
            _servers.Clear();
        }

        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        foreach (var resource in _afterServers)
        {
            try
            {
                await resource.DisposeAsync();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"warning: {ex.Message}");
            }
        }

        try
        {
            _temp?.Delete(recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"warning: could not delete {_temp!.FullName}: {ex.Message}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
