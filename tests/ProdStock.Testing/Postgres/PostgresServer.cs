using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;
using ProdStock.Testing.Provisioning;

namespace ProdStock.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster that tests start themselves: initdb in a temp folder, a free loopback port, trust
/// authentication for the user <c>postgres</c>. Debian's <c>postgresql</c> package is installed first when it is
/// missing and the tests run as root (see <see cref="DebianPackages"/>); as root, the server runs as the <c>postgres</c>
/// system user, because PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The bound for a test to await <see cref="SharedAsync"/> or <see cref="StartAsync"/>: a first start may
    /// install PostgreSQL with apt-get before initdb and the start itself.</summary>
    public static readonly TimeSpan StartTimeout = DebianPackages.InstallTimeout + TimeSpan.FromMinutes(3);

    internal const string LibRoot = "/usr/lib/postgresql";

    private const string FolderPrefix = "prodstock-pg-";
    private const string OwnerFileName = "owner.pid";
    private const string SystemUser = "postgres";
    private const int StartAttempts = 3;

    /// <summary>The signal <c>pg_ctl stop -m immediate</c> sends to the postmaster.</summary>
    private const int SigQuit = 3;

    /// <summary>The bound on each initdb or pg_ctl run; pg_ctl's own wait (-t) is shorter, so it reports first.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    /// <summary>What the server needs from Debian, and the decision to install it or fail.</summary>
    internal static readonly DebianPackages Packages = new(
        "the PostgreSQL tests need Debian's PostgreSQL server",
        ["postgresql"],
        () => FindBinDirectory(LibRoot) is null ? [$"{LibRoot}/<version>/bin with initdb and pg_ctl"] : []);

    private static readonly bool RunsAsRoot = DebianPackages.RunsAsRoot();

    // Once per test process: install when needed, then stop clusters whose test process died before stopping them.
    private static readonly Lazy<Task> Prepared = new(async () =>
    {
        await Packages.EnsureInstalledAsync();
        ReapAbandoned();
    });

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync);

    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _isShared;
    private readonly bool _durable;
    private string _adminForCommands = "";
    private int _disposed;

    private PostgresServer(string bin, string folder, bool isShared, bool durable)
    {
        _bin = bin;
        _folder = folder;
        _isShared = isShared;
        _durable = durable;
    }

    /// <summary>The loopback port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; private set; }

    /// <summary>A connection string for the user <c>postgres</c> to the database <c>postgres</c>, pooled as Npgsql's default.</summary>
    public string AdminConnectionString { get; private set; } = "";

    private string DataDirectory => Path.Combine(_folder, "data");

    private string LogPath => Path.Combine(_folder, "log");

    /// <summary>The one server of this test process, started on first use and stopped, its folder deleted, when the
    /// process exits. Give each test its own database with <see cref="CreateDatabaseAsync"/>; never stop it.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>A server of the caller's own, for tests that stop and start it; disposing it stops it and deletes its folder.</summary>
    /// <param name="durable">
    /// Whether commits reach the disk (<c>fsync=on</c>, as a production server), for measurements such as the benchmark's
    /// commit rates; <see langword="false"/> (the tests' default): <c>fsync=off</c>. A durable server is started for a
    /// measurement that shares the machine with test runs, so it leaves their abandoned clusters to the tests' own clean-up.
    /// </param>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        await (durable ? Packages.EnsureInstalledAsync() : Prepared.Value);
        return await StartNewAsync(isShared: false, durable);
    }

    /// <summary>Creates an empty database with a unique name; disposing the result drops it.</summary>
    /// <param name="namePrefix">The start of the name, lower-cased, anything but letters, digits and '_' replaced by '_'; "test" when null.</param>
    public async Task<PostgresDatabase> CreateDatabaseAsync(string? namePrefix = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var name = PostgresDatabase.NewName(namePrefix);
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new PostgresDatabase(this, name, connectionString);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended, the data is kept) and waits until it is down.
    /// Only for a server from <see cref="StartAsync"/>: the shared one serves other tests.</summary>
    public async Task StopAsync()
    {
        ThrowIfSharedOrDisposed();
        await RunOrThrowAsync("Stopping PostgreSQL", "pg_ctl", "stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60");
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same data and port, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        ThrowIfSharedOrDisposed();
        var logStart = LogLength();
        var result = await PgCtlStartAsync();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(FailureMessage("Starting PostgreSQL again", result, logStart));
        }
    }

    /// <summary>Stops the server at once and deletes its folder. Does nothing for the shared server, which the process's exit stops.</summary>
    public ValueTask DisposeAsync() => _isShared ? ValueTask.CompletedTask : new(StopAndDeleteAsync());

    /// <summary>Drops a database of this server; nothing to do once the server itself is gone.</summary>
    internal async Task DropDatabaseAsync(string name)
    {
        if (_disposed == 0)
        {
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>The newest <c>&lt;libRoot&gt;/&lt;version&gt;/bin</c> holding both initdb and pg_ctl, or null.</summary>
    internal static string? FindBinDirectory(string libRoot)
    {
        if (!Directory.Exists(libRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(libRoot)
            .Select(directory => (Version: ParseVersion(Path.GetFileName(directory)), Bin: Path.Combine(directory, "bin")))
            .Where(candidate => candidate.Version is not null
                && File.Exists(Path.Combine(candidate.Bin, "initdb"))
                && File.Exists(Path.Combine(candidate.Bin, "pg_ctl")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    // "15" and "9.6" alike: numbers, so that 15 sorts above 9.6.
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static async Task<PostgresServer> StartSharedAsync()
    {
        await Prepared.Value;
        return await StartNewAsync(isShared: true, durable: false);
    }

    private static async Task<PostgresServer> StartNewAsync(bool isShared, bool durable)
    {
        var server = new PostgresServer(FindBinDirectory(LibRoot)!, CreateFolder(), isShared, durable);
        try
        {
            await server.InitializeAsync();
        }
        catch
        {
            server.StopNow();
            throw;
        }

        // The shared server, and a dedicated one a test forgot to dispose, stop when the process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopNow();
        return server;
    }

    /// <summary>A folder the postgres user can reach, holding the owning process's id so that a later run can reap it.</summary>
    private static string CreateFolder()
    {
        // As root, TMPDIR may lie under /root, which the postgres user cannot traverse; /tmp it can.
        var root = RunsAsRoot ? "/tmp" : Path.GetTempPath();
        var folder = Path.Combine(root, FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return folder;
    }

    private async Task InitializeAsync()
    {
        if (RunsAsRoot)
        {
            await RunOrThrowAsync("Handing the folder to the postgres user", "chown", ["-R", $"{SystemUser}:{SystemUser}", _folder], asSystemUser: false);
        }

        await RunOrThrowAsync(
            "Creating the PostgreSQL cluster",
            "initdb",
            ["-D", DataDirectory, "-U", SystemUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

        // The port is free when picked but may be taken before the server binds it; another port then.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var logStart = LogLength();
            var result = await PgCtlStartAsync();
            if (result.Succeeded)
            {
                break;
            }

            if (attempt == StartAttempts || !ReadLog(logStart).Contains("could not bind", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(FailureMessage("Starting PostgreSQL", result, logStart));
            }
        }

        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = SystemUser,
            Database = "postgres",
        };
        AdminConnectionString = admin.ConnectionString;

        // Unpooled: no idle session keeps "postgres" busy, and none is left broken by an outage.
        admin.Pooling = false;
        admin.CommandTimeout = 60;
        _adminForCommands = admin.ConnectionString;
    }

    private Task<ProcessResult> PgCtlStartAsync()
    {
        // fsync=off: a throwaway test cluster never needs its data to survive a machine crash, and is much faster for it.
        // A durable one flushes every commit (synchronous_commit stays at its default, on).
        var options = string.Join(
            ' ',
            "-c listen_addresses=127.0.0.1",
            $"-p {Port}",
            $"-c unix_socket_directories='{_folder}'",
            _durable ? "-c fsync=on" : "-c fsync=off",
            "-c max_connections=300",
            "-c shared_buffers=64MB");
        return RunAsync("pg_ctl", ["start", "-D", DataDirectory, "-l", LogPath, "-w", "-t", "60", "-o", options]);
    }

    /// <summary>Stops the server without waiting and deletes its folder; never throws. Not with pg_ctl: at the process's
    /// end, vstest kills the test host about 100 ms after the run, before pg_ctl and its polling finish.</summary>
    private void StopNow()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            StopNowAndDelete(_folder);
        }
    }

    private async Task StopAndDeleteAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Immediate: the cluster is thrown away, so nothing needs to reach the disk first.
        if (RunningPostmaster(DataDirectory) is not null)
        {
            await RunOrThrowAsync("Stopping PostgreSQL", "pg_ctl", "stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30");
        }

        DeleteFolder(_folder);
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminForCommands);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private void ThrowIfSharedOrDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_isShared)
        {
            throw new InvalidOperationException("The shared PostgreSQL server serves other tests: stop only a server from PostgresServer.StartAsync().");
        }
    }

    private Task RunOrThrowAsync(string what, string program, params string[] arguments) => RunOrThrowAsync(what, program, arguments, asSystemUser: true);

    private async Task RunOrThrowAsync(string what, string program, string[] arguments, bool asSystemUser)
    {
        var logStart = LogLength();
        var result = asSystemUser ? await RunAsync(program, arguments) : await ProcessRunner.RunAsync(program, arguments, CommandTimeout);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(FailureMessage(what, result, logStart));
        }
    }

    private Task<ProcessResult> RunAsync(string program, string[] arguments) => RunAsync(_bin, program, arguments);

    /// <summary>Runs one of PostgreSQL's programs, as the postgres user when this process is root.</summary>
    private static Task<ProcessResult> RunAsync(string bin, string program, string[] arguments)
    {
        var path = Path.Combine(bin, program);
        return RunsAsRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", SystemUser, "--", path, .. arguments], CommandTimeout)
            : ProcessRunner.RunAsync(path, arguments, CommandTimeout);
    }

    private string FailureMessage(string what, ProcessResult result, long logStart) =>
        $"{what} failed: {result.Failure}. Its last output:{Environment.NewLine}{result.OutputTail()}{Environment.NewLine}"
        + $"The server log ({LogPath}) meanwhile:{Environment.NewLine}{ProcessResult.Tail(ReadLog(logStart))}";

    private long LogLength() => File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;

    private string ReadLog(long from)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Stops and deletes the clusters of test processes that ended without stopping them (killed, crashed,
    /// or ended by vstest before their folder was deleted). Best effort: what it cannot delete (another user's) stays.</summary>
    private static void ReapAbandoned()
    {
        var root = RunsAsRoot ? "/tmp" : Path.GetTempPath();
        foreach (var folder in Directory.EnumerateDirectories(root, FolderPrefix + "*"))
        {
            try
            {
                var ownerFile = Path.Combine(folder, OwnerFileName);
                if (File.Exists(ownerFile) && !IsRunning(int.Parse(File.ReadAllText(ownerFile), CultureInfo.InvariantCulture)))
                {
                    StopNowAndDelete(folder);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                // Someone else's, or half deleted: not ours to clean.
            }
        }
    }

    /// <summary>Immediate shutdown by signal, without waiting, then the folder goes: the postmaster ends its sessions and
    /// exits by itself, and its open files need no folder.</summary>
    private static void StopNowAndDelete(string folder)
    {
        if (RunningPostmaster(Path.Combine(folder, "data")) is { } processId)
        {
            _ = SendSignal(processId, SigQuit);
        }

        DeleteFolder(folder);
    }

    /// <summary>The postmaster's process id from <c>postmaster.pid</c>, if that process is a postgres on this data directory:
    /// a stale file's process id may belong to another program by now.</summary>
    private static int? RunningPostmaster(string dataDirectory)
    {
        try
        {
            var processId = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            var commandLine = File.ReadAllText($"/proc/{processId}/cmdline").Replace('\0', ' ');
            return commandLine.Contains(dataDirectory, StringComparison.Ordinal) ? processId : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; the server in it is stopped.
        }
    }
}
