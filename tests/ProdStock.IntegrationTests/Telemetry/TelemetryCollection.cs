namespace ProdStock.IntegrationTests.Telemetry;

/// <summary>
/// The tests of a host with telemetry on. OpenTelemetry's listeners see every activity and instrument of the process,
/// so these run alone, after the parallel collections, with only this collection's host alive: its counters move by
/// exactly what the tests do.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryHostFixture>
{
    public const string Name = "telemetry";
}
