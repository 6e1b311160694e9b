using ProdStock.Host.Commands;
using CodeFirst.Schema;
using CodeFirst.Model;

namespace ProdStock.InteropTests.Schema;

/// <summary>The emitted schema against the tutorial's own .proto files: nothing of the seed's may differ.</summary>
public sealed class SeedCompatibilityTests
{
    private static readonly string[] SeedFiles = ["Models.proto", "Prod.proto", "Order.proto", "Users.proto"];

    [Fact]
    public async Task EmittedSchema_ComparedWithSeedProtos_KeepsEverySeedDefinitionUnchanged()
    {
        var seed = await Protoc.CompileAsync(RepositoryPaths.SeedProtos, SeedFiles);
        seed.ExitCode.Should().Be(0, seed.Diagnostics);
        var emitted = await Protoc.CompileAsync(RepositoryPaths.Protos, ProdStockSchema.FileName);

        var differences = SchemaCompatibility.FindBreakingChanges(seed.Descriptors!, emitted.Descriptors!);

        differences.Should().BeEmpty();
    }

    [Fact]
    public async Task SeedProtos_Compiled_DefineTheTutorialsElevenMessagesThreeServicesAndEightMethods()
    {
        // Guards the comparison above against passing on an empty baseline.
        var seed = (await Protoc.CompileAsync(RepositoryPaths.SeedProtos, SeedFiles)).Descriptors!;
        var files = seed.File.Where(f => f.Package == "services").ToList();

        files.SelectMany(f => f.MessageType).Should().HaveCount(11);
        files.SelectMany(f => f.EnumType).Single().Value.Select(v => v.Name).Should().Equal("A", "B", "C");
        files.SelectMany(f => f.Service).Select(s => s.Name).Should().BeEquivalentTo(["ProdService", "OrderService", "UserService"]);
        files.SelectMany(f => f.Service).SelectMany(s => s.Method).Should().HaveCount(8);
    }
}
