using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>
/// The abuse table's REST memory row, against a host process of its own (so its resident memory is its own): a burst
/// of oversized bodies is refused without being buffered, and the host keeps serving.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class RestMemoryAbuseTests : IDisposable
{
    /// <summary>The stated ceiling: 32 bodies of 2 MB, read and copied as before, would add well over 64 MB each time.</summary>
    private const long RssGrowthCeilingBytes = 200L * 1024 * 1024;

    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task PostOrder_32ParallelBodiesOf2MB_AllRefused413AndRssGrowsUnderCeiling()
    {
        using var host = HostProcess.Start(_workspace.Folder, "Production",
            ["--ProdStock:Grpc:Host=127.0.0.1", "--ProdStock:Grpc:Port=0", "--ProdStock:Rest:Host=127.0.0.1", "--ProdStock:Rest:Port=0",
             "--ProdStock:Management:Port=0", $"--ProdStock:Store:Path={_workspace.StorePath}", .. TestHost.CertificateArguments(_workspace.Certificates)]);
        var rest = await RestAddressAsync(host);
        using var http = RestClients.Create(rest, _workspace.Certificates.Authority, _workspace.Certificates.Client);
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        var body = Encoding.UTF8.GetBytes(GatewayRequestGuardTests.PaddedOrder("ABUSE-0", 2_000_000));
        // Warm up both paths (an order stored, a body refused) so the baseline includes the code they load.
        (await PostAsync(http, GatewayRequestGuardTests.Order("ABUSE-WARM"))).Should().Be(HttpStatusCode.OK);
        (await PostAsync(http, body)).Should().Be(HttpStatusCode.RequestEntityTooLarge);
        var baseline = Memory(host.Id, "VmRSS");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => PostAsync(http, body))).WaitAsync(ProcessTimeout);

        statuses.Should().OnlyContain(status => status == HttpStatusCode.RequestEntityTooLarge);
        var growth = Memory(host.Id, "VmHWM") - baseline;
        growth.Should().BeLessThan(RssGrowthCeilingBytes, "peak RSS {0} MB above the {1} MB baseline", growth >> 20, baseline >> 20);
        (await PostAsync(http, GatewayRequestGuardTests.Order("ABUSE-AFTER"))).Should().Be(HttpStatusCode.OK, "the host still serves");
    }

    public void Dispose() => _workspace.Dispose();

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string json) => await PostAsync(http, Encoding.UTF8.GetBytes(json));

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, byte[] json)
    {
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/v1/orders", content).WaitAsync(ProcessTimeout);
        return response.StatusCode;
    }

    /// <summary>A line of /proc/PID/status (VmRSS: now; VmHWM: the peak), in bytes.</summary>
    private static long Memory(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(Regex.Match(line, @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task<Uri> RestAddressAsync(HostProcess host)
    {
        var deadline = DateTime.UtcNow + ProcessTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (RestPattern().Match(host.Output) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The host did not say where it serves REST:" + Environment.NewLine + host.Output);
    }

    [GeneratedRegex(@"REST on (https://localhost:\d+/)")]
    private static partial Regex RestPattern();
}
