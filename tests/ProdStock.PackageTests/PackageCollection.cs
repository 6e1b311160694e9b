using ProdStock.Testing;

namespace ProdStock.PackageTests;

/// <summary>
/// The package tests share one pack of the solution and one running host, and run one after another (each starts
/// dotnet processes that use the whole machine).
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackagesFixture>, ICollectionFixture<HostFixture>
{
    public const string Name = "packages";
}
