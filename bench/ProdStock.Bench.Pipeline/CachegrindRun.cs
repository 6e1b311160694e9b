using System.Diagnostics;
using System.Globalization;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// Runs this program's <c>loop SERVER SCENARIO --calls N</c> under <c>valgrind --tool=cachegrind --cache-sim=no</c> and
/// reads the instructions the process executed in user space (cachegrind's <c>summary:</c> line). The runtime is set so
/// that the count does not depend on timing: no tiered compilation (every method is compiled once, fully optimised, on
/// first call; ReadyToRun code is kept), no background GC.
/// </summary>
internal static class CachegrindRun
{
    /// <summary>The runtime settings every counted process runs with.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        // Tiering promotes methods on timers; under valgrind's slowdown that made the same run differ by up to 20 %.
        ["DOTNET_TieredCompilation"] = "0",
        // A background GC runs on its own thread, at times valgrind's thread scheduling decides.
        ["DOTNET_gcConcurrent"] = "0",
        // Valgrind translates code as it runs; the runtime's double-mapped executable memory only slows it down.
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    /// <summary>The instructions one process executed, from <c>valgrind</c>.</summary>
    /// <exception cref="InvalidOperationException">The process failed, timed out or wrote no summary; the message says which.</exception>
    public static async Task<long> CountAsync(string valgrind, ServerKind server, string scenario, long calls, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var outFile = Path.Combine(Path.GetTempPath(), $"prodstock-cachegrind-{Guid.NewGuid():N}.out");
        var start = new ProcessStartInfo(valgrind)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--tool=cachegrind", "--cache-sim=no", $"--cachegrind-out-file={outFile}", "dotnet",
            typeof(CachegrindRun).Assembly.Location, "loop", server.ToString(), scenario, "--calls", calls.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {valgrind}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{server} {scenario} {calls} calls: no result within {timeout.TotalMinutes:F0} min under valgrind");
        }

        try
        {
            var text = await output.ConfigureAwait(false);
            if (process.ExitCode != 0 || !text.Contains($"{calls} calls,", StringComparison.Ordinal))
            {
                var tail = string.Join('\n', (await error.ConfigureAwait(false)).Split('\n').TakeLast(15));
                throw new InvalidOperationException($"{server} {scenario} {calls} calls: exit code {process.ExitCode}\n{text}{tail}");
            }

            return File.Exists(outFile)
                ? ReadSummary(await File.ReadAllTextAsync(outFile, cancellationToken).ConfigureAwait(false))
                : throw new InvalidOperationException($"{server} {scenario} {calls} calls: valgrind wrote no {outFile}");
        }
        finally
        {
            File.Delete(outFile);
        }
    }

    /// <summary>The first event total of a cachegrind output file's <c>summary:</c> line (instructions, with <c>--cache-sim=no</c>).</summary>
    /// <exception cref="InvalidOperationException">The text has no such line.</exception>
    public static long ReadSummary(string cachegrindOutput)
    {
        foreach (var line in cachegrindOutput.Split('\n'))
        {
            if (line.StartsWith("summary:", StringComparison.Ordinal)
                && line["summary:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
                && long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                return total;
            }
        }

        throw new InvalidOperationException("not a cachegrind output file: no 'summary:' line with a count");
    }
}
