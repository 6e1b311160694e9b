using System.Diagnostics;
using System.Globalization;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// <c>block-server SERVER SCENARIO</c>: one server of a <see cref="PairedBlocks"/> comparison, in a process of its own.
/// It starts the server, checks every answer of the scenario and prints <c>ready</c>; then for every line N it reads it
/// makes N calls and prints the time they took in <see cref="Stopwatch"/> ticks; it ends when its input ends.
/// </summary>
internal static class BlockServer
{
    public const string Usage = "usage: block-server A|B unary|server-stream|client-stream|duplex";

    /// <summary>The largest block a line may ask for.</summary>
    public const int MaxCallsPerBlock = 10_000_000;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length != 3 || !ServerKinds.TryParse(args[1], out var kind)
            || PipelineScenario.Named(args[2]) is not { } scenario)
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        return await PipelineServer.RunCheckedAsync(kind, scenario, async stream =>
        {
            await output.WriteLineAsync("ready").ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
            while (await input.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var calls) || calls is < 1 or > MaxCallsPerBlock)
                {
                    await error.WriteLineAsync($"block-server: '{line}' is not a number of calls (1 to {MaxCallsPerBlock})").ConfigureAwait(false);
                    return 2;
                }

                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < calls; i++)
                {
                    await scenario.SendNextAsync(stream).ConfigureAwait(false);
                }

                var ticks = Stopwatch.GetTimestamp() - started;
                await output.WriteLineAsync(ticks.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
            }

            return 0;
        }).ConfigureAwait(false);
    }
}
