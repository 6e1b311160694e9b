using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using ProdStock.Testing;
using Xunit.Abstractions;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// The abuse table's gRPC memory row (issue 23, item 3), against a host process of its own so its resident memory is
/// its own: 12 connections × 100 server-streaming calls of 10,000 users each, whose client never reads. The host's
/// default <c>MaxStreamingCalls</c> (500) refuses the calls beyond it, the held ones pin a bounded amount of memory,
/// a normal call is still answered, and the held streams end after the idle timeout.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class StalledStreamMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const int Connections = 12;
    private const int CallsPerConnection = 100; // the host's default MaxStreamsPerConnection
    private const int Users = 10_000;
    private const int MaxStreamingCalls = 500; // the host's default

    /// <summary>
    /// The stated ceiling on RSS growth. A held stream pins up to 0.4 MB (README, ProdStock:Limits): 200 MB for the 500
    /// the cap lets in; the other 700 are refused before their requests are read (StreamingCallGateMiddleware), and the
    /// server GC and Kestrel take working room on top. Measured: 250-312 MB at the peak of the burst, 309-358 MB once the
    /// held streams were reset. When the cap still refused calls after reading them, the same probe grew 548-694 MB, and
    /// with no cap 567-631 MB (the issue's 6,000 calls took 2.15 GB): this ceiling fails either.
    /// </summary>
    private const long RssGrowthCeilingBytes = 450L * 1024 * 1024;

    /// <summary>A normal unary call must be answered within this, during the burst and after (it took 12.3 s in the issue).</summary>
    private static readonly TimeSpan NormalCallBound = TimeSpan.FromSeconds(2);

    // Longer than opening the 1,200 calls takes on a busy 2-core machine (5-8 s), so no held call ends and frees its slot
    // before the last one is refused.
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task ServerStreams_1200UnreadCallsOf10000Users_BeyondTheCapRefusedAndRssGrowsUnderCeiling()
    {
        using var host = HostProcess.Start(_workspace.Folder, "Production",
            ["--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Rest:Enabled=false", "--ProdStock:Management:Port=0",
             $"--ProdStock:Store:Path={_workspace.StorePath}", $"--ProdStock:Limits:MaxStreamingCalls={MaxStreamingCalls}",
             $"--ProdStock:Limits:StreamIdleTimeout={IdleTimeout}",
             // One user per message: a 10,000-user answer (120 KB) is more than the client's stream window and Kestrel's
             // response buffer take, so every write of a client that reads nothing stalls and the call holds its request.
             "--ProdStock:Users:StreamBatchSize=1", .. TestHost.CertificateArguments(_workspace.Certificates)]);
        var address = await host.ListeningAsync(ProcessTimeout);
        using var probe = Channel(address);
        await WarmUpAsync(probe);
        var baseline = Memory(host.Id, "VmRSS");
        var channels = Enumerable.Range(0, Connections).Select(_ => Channel(address)).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            var calls = channels.SelectMany(channel => Enumerable.Range(0, CallsPerConnection).Select(_ => UserStreamCalls.ServerStream(channel, Users))).ToList();
            var duringBurst = NormalCallAsync(probe);
            var outcomes = await Task.WhenAll(calls.Select(FirstAnswerAsync)).WaitAsync(ProcessTimeout);
            var opened = clock.Elapsed;
            var whileHeld = await NormalCallAsync(probe);
            var peak = Memory(host.Id, "VmHWM") - baseline;
            var held = outcomes.Count(o => o is null);
            var refused = outcomes.Where(o => o is not null).ToList();
            output.WriteLine($"baseline {baseline >> 20} MB; {held} held, {refused.Count} refused in {opened.TotalMilliseconds:0} ms; peak growth {peak >> 20} MB; " +
                $"normal call {(await duringBurst).TotalMilliseconds:0} ms during the burst, {whileHeld.TotalMilliseconds:0} ms while held");

            refused.Should().OnlyContain(e => e!.StatusCode == StatusCode.ResourceExhausted, "a call beyond the cap is refused, not failed");
            held.Should().BeInRange(1, MaxStreamingCalls);
            refused.Should().HaveCountGreaterThanOrEqualTo(Connections * CallsPerConnection - MaxStreamingCalls);
            peak.Should().BeLessThan(RssGrowthCeilingBytes, "peak RSS {0} MB above the {1} MB baseline", peak >> 20, baseline >> 20);

            // The held streams end by the idle timeout, one log line each; their slots and memory are free again.
            await WaitForLinesAsync(host, "the client read nothing for 10 s", held);
            var after = await NormalCallAsync(probe);
            using (var again = UserStreamCalls.ServerStream(probe, users: 1))
            {
                (await UserStreamCalls.DrainAsync(again.ResponseStream)).Should().Be((1, (RpcException?)null), "the ended calls freed their slots");
            }

            var settled = Memory(host.Id, "VmRSS") - baseline;
            var peakOverall = Memory(host.Id, "VmHWM") - baseline;
            output.WriteLine($"after the idle timeout: normal call {after.TotalMilliseconds:0} ms; RSS {settled >> 20} MB, peak {peakOverall >> 20} MB above the baseline");
            peakOverall.Should().BeLessThan(RssGrowthCeilingBytes, "RSS stays bounded while the held streams end");
            foreach (var call in calls)
            {
                call.Dispose();
            }
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    public void Dispose() => _workspace.Dispose();

    private GrpcChannel Channel(Uri address) => RawChannels.Tls(address, _workspace.Certificates.Authority, _workspace.Certificates.Client);

    /// <summary>Loads the code of both paths (a unary call, a stream read to its end) so the baseline includes it.</summary>
    private static async Task WarmUpAsync(GrpcChannel channel)
    {
        await UserStreamCalls.Unary(channel, Users).ResponseAsync.DefaultTimeout();
        using var call = UserStreamCalls.ServerStream(channel, Users);
        (await UserStreamCalls.DrainAsync(call.ResponseStream)).Error.Should().BeNull();
    }

    /// <summary>Reads the first answer of a call and nothing more: <see langword="null"/> when it is being served, else the error that ended it.</summary>
    private static async Task<RpcException?> FirstAnswerAsync(AsyncServerStreamingCall<byte[]> call)
    {
        try
        {
            (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ProcessTimeout)).Should().BeTrue();
            return null;
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }

    /// <summary>A unary call that must be answered within <see cref="NormalCallBound"/> (its deadline); returns how long it took.</summary>
    private static async Task<TimeSpan> NormalCallAsync(GrpcChannel channel)
    {
        var clock = Stopwatch.StartNew();
        var answer = await UserStreamCalls.Unary(channel, users: 1, DateTime.UtcNow + NormalCallBound).ResponseAsync.DefaultTimeout();
        answer.Should().HaveCount(7, "users { user_id: 1, user_score: 5086 }");
        return clock.Elapsed;
    }

    private static async Task WaitForLinesAsync(HostProcess host, string text, int count)
    {
        var deadline = DateTime.UtcNow + ProcessTimeout;
        while (Regex.Matches(host.Output, Regex.Escape(text)).Count < count)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the host logs \"{0}\" for each of the {1} held calls", text, count);
            await Task.Delay(100);
        }
    }

    /// <summary>A line of /proc/PID/status (VmRSS: now; VmHWM: the peak), in bytes.</summary>
    private static long Memory(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(Digits().Match(line).Value, CultureInfo.InvariantCulture) * 1024;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
