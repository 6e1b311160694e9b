using System.ComponentModel;
using System.Diagnostics;

namespace ProdStock.InteropTests.Node;

/// <summary>Runs a program to completion within a time bound, capturing its output; on timeout the whole process tree is killed.</summary>
internal static class ExternalProcess
{
    /// <summary>How a run ended.</summary>
    public sealed record Result(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>The command line, exit code and both outputs, for failure messages.</summary>
        public override string ToString() =>
            $"`{CommandLine}` exited with {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}"
            + $"{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";
    }

    /// <summary>Node's package manager: a batch file on Windows.</summary>
    public static string Npm => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    public static string Node => OperatingSystem.IsWindows() ? "node.exe" : "node";

    public static async Task<Result> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', [fileName, .. arguments]);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"Cannot start `{commandLine}`: {exception.Message}. These tests need Node.js 20 or later, with npm, on the PATH.", exception);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var partial = new Result(commandLine, -1, await OrEmpty(stdout), await OrEmpty(stderr));
            throw new TimeoutException($"Killed after {timeout.TotalSeconds:0} s: {partial}");
        }

        return new Result(commandLine, process.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(10)), await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task<string> OrEmpty(Task<string> output)
    {
        try
        {
            return await output.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return "(output not closed)";
        }
    }
}
