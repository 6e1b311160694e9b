namespace ProdStock.IntegrationTests.Faults;

/// <summary>The fault-table tests: one host of their own, run one test at a time, so counts of rows and calls are exact.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultHostFixture>
{
    public const string Name = "faults";
}
