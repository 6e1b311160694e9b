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
        var (commit, dirty, files) = Git(repositoryRoot);
        return new MachineInfo(
            ReadCpuModel(),
            Environment.ProcessorCount,
            Affinity.AllowedCpus(Environment.ProcessId),
            ReadMemoryGiB(),
            RuntimeInformation.OSDescription,
            ReadFirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.VersionString,
            RuntimeInformation.FrameworkDescription,
            $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}",
            commit,
            dirty,
            files);
    }

    /// <summary>The 1, 5 and 15 minute load averages (<c>/proc/loadavg</c>), as printed by <c>uptime</c>.</summary>
    public static string LoadAverage() =>
        ReadFirstLine("/proc/loadavg") is { } line ? string.Join(' ', line.Split(' ').Take(3)) : "unknown";

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static double ReadMemoryGiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kib = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return Math.Round(kib / 1024.0 / 1024.0, 1);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (string Commit, bool Dirty, string? Files) Git(string root)
    {
        var commit = RunGit(root, "rev-parse", "HEAD")?.Trim();
        if (string.IsNullOrEmpty(commit))
        {
            return ("unknown (not a git checkout)", false, null);
        }

        var status = RunGit(root, "status", "--porcelain", "--untracked-files=no")?.Trim();
        return (commit, !string.IsNullOrEmpty(status), string.IsNullOrEmpty(status) ? null : string.Join(", ", status.Split('\n').Select(l => l.Trim()).Take(20)));
    }

    private static string? RunGit(string root, params string[] arguments)
    {
        var git = Affinity.FindOnPath("git");
        if (git is null)
        {
            return null;
        }

        try
        {
            var start = new ProcessStartInfo(git) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-C");
            start.ArgumentList.Add(root);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
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
