using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>The tests that share one running host.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
