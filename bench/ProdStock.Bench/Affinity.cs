using System.Diagnostics;

namespace ProdStock.Bench;

/// <summary>
/// Pins processes to CPUs with util-linux's <c>taskset</c>: a server is started under <c>taskset -c LIST</c> (so its
/// runtime sees only its cores from the first instruction), the load generator pins all of its own threads with
/// <c>taskset -a -p -c LIST</c> (threads it creates later inherit the mask). Without taskset or with fewer than two
/// usable CPUs nothing is pinned, and the output says so.
/// </summary>
internal sealed class Affinity
{
    private Affinity(bool enabled, string reason, IReadOnlyList<int> serverCpus, IReadOnlyList<int> loadCpus, string? taskset)
    {
        Enabled = enabled;
        Reason = reason;
        ServerCpus = serverCpus;
        LoadCpus = loadCpus;
        TasksetPath = taskset;
    }

    public bool Enabled { get; }

    public string Reason { get; }

    public IReadOnlyList<int> ServerCpus { get; }

    public IReadOnlyList<int> LoadCpus { get; }

    public string? TasksetPath { get; }

    public string ServerList => string.Join(',', ServerCpus);

    public string LoadList => string.Join(',', LoadCpus);

    /// <summary>Splits the CPUs this process may use: the first half for the servers, the rest for the load generator.</summary>
    public static Affinity Plan(bool wanted)
    {
        var allowed = AllowedCpus(Environment.ProcessId);
        if (!wanted)
        {
            return new Affinity(false, "not pinned (--no-pin)", allowed, allowed, null);
        }

        if (allowed.Count < 2)
        {
            return new Affinity(false, $"not pinned: only {allowed.Count} CPU usable", allowed, allowed, null);
        }

        var taskset = FindOnPath("taskset");
        if (taskset is null)
        {
            return new Affinity(false, "not pinned: taskset (util-linux) not found", allowed, allowed, null);
        }

        var half = allowed.Count / 2;
        var server = allowed.Take(half).ToArray();
        var load = allowed.Skip(half).ToArray();
        return new Affinity(true, $"servers on CPU {string.Join(',', server)} (taskset -c, before start); load generator on CPU {string.Join(',', load)} (taskset -a -p, all threads)",
            server, load, taskset);
    }

    /// <summary>Pins every thread of this process to the load generator's CPUs (again before each run, for threads started meanwhile).</summary>
    public void PinSelf()
    {
        if (!Enabled)
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo(TasksetPath!, ["-a", "-p", "-c", LoadList, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
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
        Enabled ? (TasksetPath!, ["-c", ServerList, program]) : (program, []);

    /// <summary>How many of a process's threads may run outside <paramref name="cpus"/> (0 when pinned as intended).</summary>
    public static int ThreadsOutside(int pid, IReadOnlyList<int> cpus)
    {
        var outside = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var allowed = ReadAllowed(Path.Combine(task, "status"));
                if (allowed is not null && allowed.Except(cpus).Any())
                {
                    outside++;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return outside;
    }

    public static IReadOnlyList<int> AllowedCpus(int pid) =>
        ReadAllowed($"/proc/{pid}/status") ?? Enumerable.Range(0, Environment.ProcessorCount).ToArray();

    private static int[]? ReadAllowed(string statusPath)
    {
        try
        {
            var line = File.ReadLines(statusPath).FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            return line is null ? null : ParseList(line["Cpus_allowed_list:".Length..].Trim());
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

    /// <summary>Parses a kernel CPU list such as <c>0-3,6</c>.</summary>
    internal static int[] ParseList(string list)
    {
        var cpus = new List<int>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                cpus.Add(int.Parse(part, System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                var from = int.Parse(part[..dash], System.Globalization.CultureInfo.InvariantCulture);
                var to = int.Parse(part[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                cpus.AddRange(Enumerable.Range(from, to - from + 1));
            }
        }

        return [.. cpus.Order()];
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
