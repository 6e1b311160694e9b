using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// The requests one in-process host is serving (its <c>http.server.active_requests</c>, meter
/// <c>Microsoft.AspNetCore.Hosting</c> of that host's <see cref="IMeterFactory"/> only): the server's own word that a
/// request has ended, whatever the client saw.
/// </summary>
internal sealed class ActiveRequests : IDisposable
{
    private readonly MeterListener _listener;
    private long _value;

    public ActiveRequests(IServiceProvider hostServices)
    {
        var meterFactory = hostServices.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting"
                    && instrument.Name == "http.server.active_requests"
                    && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _value, value));
        _listener.Start();
    }

    public long Value => Interlocked.Read(ref _value);

    /// <summary>Waits, at most <paramref name="timeout"/>, until <paramref name="condition"/> holds; returns the last value seen.</summary>
    public async Task<long> WaitUntilAsync(Func<long, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var value = Value;
        while (!condition(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
            value = Value;
        }

        return value;
    }

    public void Dispose() => _listener.Dispose();
}
