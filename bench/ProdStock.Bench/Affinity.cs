using System.Diagnostics;
using System.Globalization;

namespace ProdStock.Bench;

/// <summary>
/// Pins processes to CPUs with util-linux's <c>taskset</c>: a server is started under <c>taskset -c LIST</c> (so its
/// runtime sees only its cores from the first instruction), the load generator pins all of its own threads with
/// <c>taskset -a -p -c LIST</c> (threads it creates later inherit the mask). Without taskset or with fewer than two
/// usable CPUs nothing is pinned, and the output says so.
/// </summary>
internal sealed class Affinity
{
    private readonly string? _taskset;

    private Affinity(string reason, IReadOnlyList<int> serverCpus, IReadOnlyList<int> loadCpus, string? taskset) =>
        (Reason, ServerList, LoadList, _taskset) = (reason, string.Join(',', serverCpus), string.Join(',', loadCpus), taskset);

    public bool Enabled => _taskset is not null;

    public string Reason { get; }

    public string ServerList { get; }

    public string LoadList { get; }

    /// <summary>Splits the CPUs this process may use: the first half for the servers, the rest for the load generator.</summary>
    public static Affinity Plan(bool wanted)
    {
        var allowed = AllowedCpus();
        var taskset = FindOnPath("taskset");
        if (!wanted || allowed.Count < 2 || taskset is null)
        {
            var why = !wanted ? "--no-pin" : allowed.Count < 2 ? $"only {allowed.Count} CPU usable" : "taskset (util-linux) not found";
            return new Affinity($"not pinned ({why})", allowed, allowed, null);
        }

        var half = allowed.Count / 2;
        var (server, load) = (allowed.Take(half).ToArray(), allowed.Skip(half).ToArray());
        return new Affinity($"servers on CPU {string.Join(',', server)} (taskset -c, before start); load generator on CPU {string.Join(',', load)} (taskset -a -p, all threads)", server, load, taskset);
    }

    /// <summary>Pins every thread of this process to the load generator's CPUs (again before each run, for threads started meanwhile).</summary>
    public void PinSelf() => Pin(Environment.ProcessId, LoadList);

    /// <summary>Pins every thread of a running process to the servers' CPUs (a process it forks later inherits the mask).</summary>
    public void PinToServers(int processId) => Pin(processId, ServerList);

    private void Pin(int processId, string cpus)
    {
        if (_taskset is null)
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo(_taskset, ["-a", "-p", "-c", cpus, processId.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
        }
    }

    /// <summary>The arguments that start <paramref name="program"/> on the servers' CPUs.</summary>
    public (string FileName, IReadOnlyList<string> Prefix) ServerLauncher(string program) =>
        _taskset is null ? (program, []) : (_taskset, ["-c", ServerList, program]);

    /// <summary>The CPUs this process may run on (sched_getaffinity), in order.</summary>
    public static IReadOnlyList<int> AllowedCpus()
    {
        if (!OperatingSystem.IsLinux())
        {
            return [.. Enumerable.Range(0, Environment.ProcessorCount)];
        }

        var mask = (ulong)Process.GetCurrentProcess().ProcessorAffinity;
        return [.. Enumerable.Range(0, 64).Where(cpu => ((mask >> cpu) & 1) != 0)];
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
