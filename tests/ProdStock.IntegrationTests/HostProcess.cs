using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ProdStock.IntegrationTests;

/// <summary>The host executable (ProdStock.Host.dll next to the tests) run as its own process, as an operator runs it.</summary>
internal sealed partial class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public static HostProcess Start(string workingDirectory, string environment, params string[] arguments) =>
        Start(workingDirectory, environment, new Dictionary<string, string>(), arguments);

    /// <summary>Starts the host with further environment variables (<paramref name="variables"/>).</summary>
    public static HostProcess Start(string workingDirectory, string environment, IReadOnlyDictionary<string, string> variables, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ProdStock.Host.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        var process = new HostProcess(new Process { StartInfo = start });
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The gRPC address from the host's "Now listening on" line.</summary>
    public Task<Uri> ListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a service manager stopping the host does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5000);
    }

    /// <summary>Kills the process at once (SIGKILL on Linux, like <c>kill -9</c>): no shutdown code runs.</summary>
    public void KillNow()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningPattern().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
        }
    }

    [GeneratedRegex(@"Now listening on: (https://\S+)")]
    private static partial Regex ListeningPattern();
}
