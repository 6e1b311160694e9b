using ProdStock.Testing;

namespace ProdStock.InteropTests;

/// <summary>The interop tests that share one running host.</summary>
[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "interop-host";
}
