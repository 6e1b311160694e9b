using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ProdStock.BrowserTests;

/// <summary>
/// Makes sure Debian's Chromium and its chromedriver are there before a browser starts, so that <c>dotnet test</c> needs
/// no setup step: run as root, the tests install the missing packages with apt-get themselves (once per test run); run
/// as anyone else, they fail, never skip, naming the command that installs them.
/// </summary>
public static class ChromiumProvisioning
{
    /// <summary>What a person runs when the tests cannot install the packages themselves; every failure names it.</summary>
    public const string ManualInstallCommand = "sudo apt-get install -y chromium chromium-driver";

    /// <summary>The bound on apt-get update and install together: about 100 MB from a slow mirror fits, a hung apt does not.</summary>
    public static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    private const string AptGet = "apt-get";

    /// <summary>How many of apt's last output lines a failure message carries: the error, without the download log.</summary>
    private const int OutputTailLines = 30;

    private static readonly string[] RequiredPaths = [HeadlessChromium.BrowserPath, HeadlessChromium.DriverPath];

    // Install runs even when update failed (an unreachable third-party source fails it too); the files present decide.
    private static readonly string[][] InstallSteps =
    [
        ["update"],
        ["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"],
    ];

    // Every browser in the test run awaits the same task: one install, and a failure is reported by each test, not retried.
    private static readonly Lazy<Task> Provisioned = new(() => EnsureAsync(MissingPaths(), RunsAsRoot()));

    /// <summary>Completes when <see cref="HeadlessChromium.BrowserPath"/> and <see cref="HeadlessChromium.DriverPath"/> exist,
    /// installing them first when they are missing and the process runs as root; fails otherwise.</summary>
    public static Task EnsureInstalledAsync() => Provisioned.Value;

    /// <summary>The decision, given what is missing and whether the process may install it.</summary>
    /// <remarks>Takes the facts as arguments so that the tests can check the non-root failure as any user.</remarks>
    internal static async Task EnsureAsync(IReadOnlyCollection<string> missing, bool runsAsRoot)
    {
        if (missing.Count == 0)
        {
            return;
        }

        if (!runsAsRoot)
        {
            throw new InvalidOperationException(
                $"{Describe(missing)}: the browser tests need Debian's Chromium and its driver, and install "
                + $"them themselves only when run as root. Install them with `{ManualInstallCommand}`, then run the tests again.");
        }

        await InstallAsync();
    }

    /// <summary>The message for an install that did not leave both programs in place: why, the command, and apt's last lines.</summary>
    internal static string InstallFailedMessage(string reason, string aptOutput)
    {
        var lines = aptOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = string.Join(Environment.NewLine, lines.TakeLast(OutputTailLines));
        return $"Installing Chromium for the browser tests failed: {reason}. Install them with `{ManualInstallCommand}`, "
            + $"then run the tests again. The last lines of apt-get's output:{Environment.NewLine}{tail}";
    }

    private static string[] MissingPaths() => [.. RequiredPaths.Where(path => !File.Exists(path))];

    private static string Describe(IReadOnlyCollection<string> missing) =>
        $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} missing";

    /// <summary>The effective user id decides, as it does for apt: a user named "root" proves nothing, nor does sudo's environment.</summary>
    private static bool RunsAsRoot() => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    private static async Task InstallAsync()
    {
        var output = new StringBuilder();
        List<string> failures = [];
        using (var deadline = new CancellationTokenSource(InstallTimeout))
        {
            foreach (var arguments in InstallSteps)
            {
                if (await RunAptGetAsync(arguments, output, deadline.Token) is { } failure)
                {
                    failures.Add(failure);
                }

                if (deadline.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        // Judged by the result: a concurrent test run may have installed the packages while this one's apt-get found apt locked.
        var missing = MissingPaths();
        if (missing.Length == 0)
        {
            return;
        }

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        failures.Add($"afterwards {Describe(missing)}");
        throw new InvalidOperationException(InstallFailedMessage(string.Join("; ", failures), text));
    }

    /// <summary>Runs one apt-get command without a terminal or stdin, its output appended to <paramref name="output"/>.</summary>
    /// <returns>Null when it exited with 0, else what went wrong.</returns>
    private static async Task<string?> RunAptGetAsync(string[] arguments, StringBuilder output, CancellationToken deadline)
    {
        var start = new ProcessStartInfo(AptGet)
        {
            WorkingDirectory = "/",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No debconf question may wait for an answer nobody can give.
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        var commandLine = string.Join(' ', [AptGet, .. arguments]);
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        Append($"$ {commandLine}");
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            return $"`{commandLine}` could not be started ({exception.Message}; the packages come from Debian's archive)";
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                // Reported as killed either way.
            }

            return $"`{commandLine}` did not finish within {InstallTimeout.TotalMinutes:0} minutes and was killed "
                + "(if dpkg was interrupted, `sudo dpkg --configure -a` repairs it)";
        }

        return process.ExitCode == 0 ? null : $"`{commandLine}` exited with {process.ExitCode}";
    }
}
