using ProdStock.Contracts;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;

namespace ProdStock.UnitTests.ReadModel;

/// <summary>Versioned levels (PostgreSQL, several writers) arrive in any order; the model keeps the newest and says when one was skipped.</summary>
public sealed class ProductReadModelTests
{
    private static ProductReadModel Model(long versionB = 0)
    {
        var model = new ProductReadModel();
        model.Load([
            new ProductRecord(1, "one", 1f, 10, 20, 30) { Versions = new StockVersions(0, versionB, 0) },
            new ProductRecord(2, "two", 2f, 40, 50, 60),
        ]);
        return model;
    }

    [Fact]
    public void Apply_NextVersion_SetsLevelAndIsInSequence()
    {
        var model = Model(versionB: 4);

        var inSequence = model.Apply([new StockLevel(1, ProdAreas.B, 19, 5)]);

        inSequence.Should().BeTrue();
        model.FindStock(1, ProdAreas.B).Should().Be(19);
    }

    [Fact]
    public void Apply_OlderOrSameVersion_KeepsNewerLevel()
    {
        var model = Model(versionB: 4);
        model.Apply([new StockLevel(1, ProdAreas.B, 18, 5)]);

        var inSequence = model.Apply([new StockLevel(1, ProdAreas.B, 19, 4), new StockLevel(1, ProdAreas.B, 17, 5)]);

        inSequence.Should().BeTrue("levels already seen are no news, not gaps");
        model.FindStock(1, ProdAreas.B).Should().Be(18);
    }

    [Fact]
    public void Apply_SkippedVersion_SetsLevelButReportsTheGap()
    {
        var model = Model(versionB: 4);

        var inSequence = model.Apply([new StockLevel(1, ProdAreas.B, 15, 6)]);

        inSequence.Should().BeFalse("version 5 never arrived");
        model.FindStock(1, ProdAreas.B).Should().Be(15);
    }

    [Fact]
    public void Apply_UnknownProduct_IsIgnoredAndReported()
    {
        var model = Model();

        var inSequence = model.Apply([new StockLevel(3, ProdAreas.A, 1, 1)]);

        inSequence.Should().BeFalse();
        model.FindStock(3, ProdAreas.A).Should().BeNull();
    }

    [Fact]
    public void Apply_Unversioned_AlwaysSets()
    {
        var model = Model();

        model.Apply([new StockLevel(2, ProdAreas.C, 61), new StockLevel(2, ProdAreas.C, 59)]).Should().BeTrue();

        model.FindStock(2, ProdAreas.C).Should().Be(59, "a single writer's levels arrive in commit order");
    }

    [Fact]
    public void Load_OlderThanModel_KeepsTheModelsNewerLevels()
    {
        var model = Model(versionB: 4);
        model.Apply([new StockLevel(1, ProdAreas.B, 12, 7)]);

        // A reload read before the commit of version 7 arrives after it.
        model.Load([new ProductRecord(1, "one", 1f, 11, 20, 30) { Versions = new StockVersions(1, 6, 0) }]);

        model.FindStock(1, ProdAreas.B).Should().Be(12);
        model.FindStock(1, ProdAreas.A).Should().Be(11, "the loaded row is newer there");
        model.FindStock(2, ProdAreas.A).Should().BeNull("the reload replaced the product set");
        model.Apply([new StockLevel(1, ProdAreas.B, 13, 8)]).Should().BeTrue("the kept version goes on counting");
    }
}
