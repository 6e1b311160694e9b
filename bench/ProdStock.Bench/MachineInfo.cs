using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ProdStock.Bench;

/// <summary>What a result is tied to: the machine, the date, the commit, the runtime.</summary>
internal sealed record MachineInfo(
    string CpuModel,
    int LogicalCpus,
    IReadOnlyList<int> UsableCpus,
    double MemoryGiB,
    string Os,
    string Kernel,
    string Runtime,
    string LoadGeneratorGc,
    string GitCommit,
    bool GitDirty,
    string? GitDirtyFiles)
{
    public static MachineInfo Collect(string repositoryRoot)
    {
        var commit = RunGit(repositoryRoot, "rev-parse", "HEAD")?.Trim();
        var status = string.IsNullOrEmpty(commit) ? null : RunGit(repositoryRoot, "status", "--porcelain", "--untracked-files=no")?.Trim();
        var memoryKiB = ProcField("/proc/meminfo", "MemTotal:")?.Split(' ')[0];
        return new MachineInfo(
            ProcField("/proc/cpuinfo", "model name")?.TrimStart(':', ' ', '\t') ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            Affinity.AllowedCpus(),
            memoryKiB is null ? 0 : Math.Round(long.Parse(memoryKiB, CultureInfo.InvariantCulture) / 1024.0 / 1024.0, 1),
            RuntimeInformation.OSDescription,
            ProcField("/proc/sys/kernel/osrelease", "") ?? Environment.OSVersion.VersionString,
            RuntimeInformation.FrameworkDescription,
            $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}",
            string.IsNullOrEmpty(commit) ? "unknown (not a git checkout)" : commit,
            !string.IsNullOrEmpty(status),
            string.IsNullOrEmpty(status) ? null : string.Join(", ", status.Split('\n').Select(l => l.Trim()).Take(20)));
    }

    /// <summary>The 1, 5 and 15 minute load averages (<c>/proc/loadavg</c>), as printed by <c>uptime</c>.</summary>
    public static string LoadAverage() =>
        ProcField("/proc/loadavg", "") is { } line ? string.Join(' ', line.Split(' ').Take(3)) : "unknown";

    /// <summary>The rest of the first line of a /proc file that starts with <paramref name="key"/>, trimmed; null if none.</summary>
    public static string? ProcField(string path, string key)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?[key.Length..].Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? RunGit(string root, params string[] arguments)
    {
        if (Affinity.FindOnPath("git") is not { } git)
        {
            return null;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(git, ["-C", root, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return null;
            }

            return process.ExitCode == 0 ? output.GetAwaiter().GetResult() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
