using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace ProdStock.Testing.Provisioning;

/// <summary>What one run of a program did: its command line, exit code and output, or why it did not finish.</summary>
/// <param name="CommandLine">The program and its arguments, for messages.</param>
/// <param name="ExitCode">The exit code; null when the program could not be started or was killed.</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
/// <param name="Failure">Null when the program exited with 0, else what went wrong, naming the command.</param>
/// <param name="TimedOut">Whether the program was killed for running past its bound.</param>
public sealed record ProcessResult(string CommandLine, int? ExitCode, string Output, string? Failure, bool TimedOut = false)
{
    /// <summary>Whether the program exited with 0.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>The last <paramref name="lines"/> non-empty lines of <see cref="Output"/>: the error, without the progress log.</summary>
    public string OutputTail(int lines = 30) => Tail(Output, lines);

    /// <summary>The last <paramref name="lines"/> non-empty lines of <paramref name="text"/>.</summary>
    public static string Tail(string text, int lines = 30) =>
        string.Join(
            Environment.NewLine,
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));
}

/// <summary>Runs a program to its end without a terminal or stdin, bounded in time, keeping its output for failure messages.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/>, killing it (and its children) after <paramref name="timeout"/>.</summary>
    /// <param name="fileName">The program, a path or a name looked up on PATH.</param>
    /// <param name="arguments">The arguments, passed as they are (no shell).</param>
    /// <param name="timeout">The bound on the whole run.</param>
    /// <param name="environment">Variables added to the inherited environment.</param>
    /// <param name="workingDirectory">The working directory; "/" when null, so that no user lacks access to it.</param>
    /// <returns>The result; never throws for a program that fails, cannot start or hangs.</returns>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? "/",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var commandLine = string.Join(' ', [fileName, .. start.ArgumentList]);
        var output = new StringBuilder();
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

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            return new ProcessResult(commandLine, null, "", $"`{commandLine}` could not be started ({exception.Message})");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
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

            return new ProcessResult(commandLine, null, Text(), $"`{commandLine}` did not finish within {timeout.TotalSeconds:0} s and was killed", TimedOut: true);
        }

        var exitCode = process.ExitCode;
        return new ProcessResult(commandLine, exitCode, Text(), exitCode == 0 ? null : $"`{commandLine}` exited with {exitCode}");
    }
}
