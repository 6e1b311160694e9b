using System.Diagnostics;
using System.Globalization;

namespace ProdStock.Bench.Pipeline;

/// <summary>A <see cref="BlockServer"/> process: this program's <c>block-server SERVER SCENARIO</c>, driven over its standard input and output.</summary>
internal sealed class BlockProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _error;

    private BlockProcess(Process process, ServerKind server)
    {
        _process = process;
        Server = server;
        _error = process.StandardError.ReadToEndAsync();
    }

    public ServerKind Server { get; }

    /// <summary>Starts the process and waits for its <c>ready</c>: the server is up and every answer of the scenario checked.</summary>
    /// <exception cref="InvalidOperationException">The process ended or answered something else; the message has its error output.</exception>
    public static async Task<BlockProcess> StartAsync(ServerKind server, string scenario, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[typeof(BlockProcess).Assembly.Location, "block-server", server.ToString(), scenario])
        {
            start.ArgumentList.Add(argument);
        }

        var block = new BlockProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet"), server);
        try
        {
            var line = await block.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            return line == "ready" ? block : throw await block.FailureAsync($"answered '{line}' instead of 'ready'").ConfigureAwait(false);
        }
        catch
        {
            await block.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Makes <paramref name="calls"/> calls in the process and returns the seconds they took.</summary>
    public async Task<double> RunAsync(int calls, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(calls.ToString(CultureInfo.InvariantCulture).AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? (double)ticks / Stopwatch.Frequency
            : throw await FailureAsync($"answered '{line}' to a block of {calls} calls").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        return await _process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
    }

    private async Task<InvalidOperationException> FailureAsync(string what)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        var error = await _error.ConfigureAwait(false);
        return new InvalidOperationException($"server {Server}: {what}\n{string.Join('\n', error.Split('\n').TakeLast(15))}");
    }
}
