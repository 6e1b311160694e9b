using System.Security.Cryptography;
using System.Text;
using ProdStock.Testing;

namespace ProdStock.InteropTests.Node;

/// <summary>
/// The Node.js client in <c>node-client/</c>: installs its locked dependencies when they are missing (<c>npm ci</c>),
/// then runs its scenario once against the collection's host; the tests assert on that one run.
/// </summary>
public sealed class NodeClientFixture : IAsyncLifetime
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private Task<NodeClientRun>? _run;

    private static string ClientFolder => NodeClientPaths.ClientFolder;

    public Task InitializeAsync() => EnsureDependenciesAsync();

    /// <summary>The scenario's run against <paramref name="host"/>; started by the first caller, shared by the rest.</summary>
    /// <remarks>A failed run is kept too: every test reports it, none starts the client again.</remarks>
    public Task<NodeClientRun> RunAsync(HostFixture host)
    {
        ArgumentNullException.ThrowIfNull(host);
        lock (_gate)
        {
            return _run ??= RunScenarioAsync(host);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// <c>npm ci</c> when node_modules is missing or older than package-lock.json (npm writes node_modules/.package-lock.json
    /// last, so an interrupted install counts as missing). A lock file in the temp folder keeps two test runs from installing at once.
    /// </summary>
    private static async Task EnsureDependenciesAsync()
    {
        if (DependenciesInstalled())
        {
            return;
        }

        using var installLock = await AcquireInstallLockAsync(InstallTimeout);
        if (DependenciesInstalled())
        {
            return;
        }

        // --ignore-scripts: nothing in the tree needs an install script (protobufjs's only checks version pins).
        var result = await ExternalProcess.RunAsync(ExternalProcess.Npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], ClientFolder, InstallTimeout);
        if (result.ExitCode != 0 || !DependenciesInstalled())
        {
            throw new InvalidOperationException($"npm ci failed in {ClientFolder}: {result}");
        }
    }

    private static bool DependenciesInstalled()
    {
        var installed = new FileInfo(Path.Combine(ClientFolder, "node_modules", ".package-lock.json"));
        var locked = new FileInfo(Path.Combine(ClientFolder, "package-lock.json"));
        return installed.Exists && installed.LastWriteTimeUtc >= locked.LastWriteTimeUtc;
    }

    private static async Task<FileStream> AcquireInstallLockAsync(TimeSpan timeout)
    {
        // One lock per checkout: named by a stable hash of the client folder (string.GetHashCode differs per process).
        var name = $"prodstock-npm-ci-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ClientFolder)))[..16]}.lock";
        var path = Path.Combine(Path.GetTempPath(), name);
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cts.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
        }
    }

    private static async Task<NodeClientRun> RunScenarioAsync(HostFixture host)
    {
        var certificates = host.Certificates;
        // Order numbers allow [A-Za-z0-9_-] only; a fresh one per run, so the first NewOrder always stores.
        var orderNo = $"node-{Guid.NewGuid():N}";
        List<string> arguments =
        [
            "client.js",
            // "localhost": the name the server certificate carries (with 127.0.0.1 and ::1 as IP SANs).
            "--address", $"localhost:{host.Address.Port}",
            "--ca", certificates.CaPath,
            "--cert", certificates.ClientCertificatePath,
            "--key", certificates.ClientKeyPath,
            "--proto", NodeClientPaths.Schema,
            "--order-no", orderNo,
            "--deadline-seconds", "10",
        ];
        var result = await ExternalProcess.RunAsync(ExternalProcess.Node, arguments, ClientFolder, ScenarioTimeout);
        return NodeClientRun.Parse(result, orderNo);
    }
}
