using System.Runtime.InteropServices;

namespace ProdStock.Testing.Provisioning;

/// <summary>
/// Debian packages a kind of test needs, so that <c>dotnet test</c> needs no setup step: run as root, the tests install
/// the missing packages with apt-get themselves (once per test process); run as anyone else, they fail, never skip,
/// naming the command that installs them.
/// </summary>
public sealed class DebianPackages
{
    /// <summary>The bound on apt-get update and install together: a few hundred MB from a slow mirror fits, a hung apt does not.</summary>
    public static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    private readonly string _need;
    private readonly string[] _packages;
    private readonly Func<IReadOnlyCollection<string>> _findMissing;

    // Every test in the process awaits the same task: one install, and a failure is reported by each test, not retried.
    private readonly Lazy<Task> _installed;

    /// <summary>Describes the packages; nothing runs until <see cref="EnsureInstalledAsync"/>.</summary>
    /// <param name="need">What needs the packages, completing "X is missing: …", e.g. "the browser tests need Debian's Chromium and its driver".</param>
    /// <param name="packages">The Debian packages to install.</param>
    /// <param name="findMissing">What is missing now (paths or descriptions); empty when everything is in place.</param>
    public DebianPackages(string need, IReadOnlyList<string> packages, Func<IReadOnlyCollection<string>> findMissing)
    {
        _need = need;
        _packages = [.. packages];
        _findMissing = findMissing;
        _installed = new(() => EnsureAsync(_findMissing(), RunsAsRoot()));
        ManualInstallCommand = $"sudo apt-get install -y {string.Join(' ', packages)}";
    }

    /// <summary>What a person runs when the tests cannot install the packages themselves; every failure names it.</summary>
    public string ManualInstallCommand { get; }

    /// <summary>Completes when nothing is missing, installing the packages first when something is and the process runs
    /// as root; fails otherwise. Runs the install at most once per instance.</summary>
    public Task EnsureInstalledAsync() => _installed.Value;

    /// <summary>The decision, given what is missing and whether the process may install it.</summary>
    /// <remarks>Takes the facts as arguments so that tests can check the non-root failure as any user.</remarks>
    public async Task EnsureAsync(IReadOnlyCollection<string> missing, bool runsAsRoot)
    {
        if (missing.Count == 0)
        {
            return;
        }

        if (!runsAsRoot)
        {
            throw new InvalidOperationException(
                $"{Describe(missing)}: {_need}, and the tests install them themselves only when run as root. "
                + $"Install them with `{ManualInstallCommand}`, then run the tests again.");
        }

        await InstallAsync();
    }

    /// <summary>The message for an install that did not leave everything in place: why, the command, and apt's last lines.</summary>
    public string InstallFailedMessage(string reason, string aptOutput) =>
        $"Installing {string.Join(" and ", _packages)} for the tests failed: {reason}. Install them with `{ManualInstallCommand}`, "
        + $"then run the tests again. The last lines of apt-get's output:{Environment.NewLine}{ProcessResult.Tail(aptOutput)}";

    /// <summary>Whether the process runs with effective user id 0. The effective id decides, as it does for apt: a user
    /// named "root" proves nothing, nor does sudo's environment.</summary>
    public static bool RunsAsRoot() => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    private static string Describe(IReadOnlyCollection<string> missing) =>
        $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} missing";

    private async Task InstallAsync()
    {
        // No debconf question may wait for an answer nobody can give.
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var deadline = DateTime.UtcNow + InstallTimeout;
        List<string> failures = [];
        var output = "";

        // Install runs even when update failed (an unreachable third-party source fails it too); the files present decide.
        string[][] steps = [["update"], ["install", "-y", "--no-install-recommends", .. _packages]];
        foreach (var arguments in steps)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            var result = await ProcessRunner.RunAsync("apt-get", arguments, remaining, environment);
            output += $"$ {result.CommandLine}{Environment.NewLine}{result.Output}";
            if (result.Failure is { } failure)
            {
                failures.Add(result.TimedOut ? $"{failure} (if dpkg was interrupted, `sudo dpkg --configure -a` repairs it)" : failure);
            }
        }

        // Judged by the result: a concurrent test run may have installed the packages while this one's apt-get found apt locked.
        var missing = _findMissing();
        if (missing.Count == 0)
        {
            return;
        }

        failures.Add($"afterwards {Describe(missing)}");
        throw new InvalidOperationException(InstallFailedMessage(string.Join("; ", failures), output));
    }
}
