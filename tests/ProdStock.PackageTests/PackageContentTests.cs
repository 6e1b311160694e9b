using System.IO.Compression;
using System.Xml.Linq;

namespace ProdStock.PackageTests;

/// <summary>What <c>dotnet pack</c> of the whole solution produces, opened as NuGet would.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageContentTests(PackagesFixture packages)
{
    private const string TargetFramework = "net10.0";

    [Fact]
    public async Task PackSolution_AllProjects_YieldsTheProductAndToolkitPackagesWithSymbols()
    {
        var pack = await packages.PackAsync();

        pack.Succeeded.Should().BeTrue(pack.ToString());
        Directory.GetFiles(packages.FeedFolder).Select(Path.GetFileName).Should().BeEquivalentTo(
            [
                $"ProdStock.Contracts.{packages.Version}.nupkg",
                $"ProdStock.Contracts.{packages.Version}.snupkg",
                $"ProdStock.ClientSdk.{packages.Version}.nupkg",
                $"ProdStock.ClientSdk.{packages.Version}.snupkg",
                $"CodeFirst.{packages.Version}.nupkg",
                $"CodeFirst.{packages.Version}.snupkg",
                $"CodeFirst.AspNetCore.{packages.Version}.nupkg",
                $"CodeFirst.AspNetCore.{packages.Version}.snupkg",
            ],
            pack.ToString());
    }

    [Theory]
    [InlineData("ProdStock.Contracts", "src/Contracts")]
    [InlineData("ProdStock.ClientSdk", "src/ClientSdk")]
    [InlineData("CodeFirst", "src/CodeFirst")]
    [InlineData("CodeFirst.AspNetCore", "src/CodeFirst.AspNetCore")]
    public async Task PackSolution_EachPackage_CarriesReadmeAssemblyDocsAndLicense(string id, string projectFolder)
    {
        var pack = await packages.PackAsync();
        pack.Succeeded.Should().BeTrue(pack.ToString());

        using var package = ZipFile.OpenRead(packages.PackagePath(id));

        package.Entries.Select(e => e.FullName).Should().Contain(
            [$"{id}.nuspec", "README.md", $"lib/{TargetFramework}/{id}.dll", $"lib/{TargetFramework}/{id}.xml"]);
        ReadEntry(package, "README.md").Should().Be(File.ReadAllText(Path.Combine(PackagesFixture.RepositoryRoot, projectFolder, "README.md")));
        ReadEntry(package, $"lib/{TargetFramework}/{id}.xml").Should().Contain($"<name>{id}</name>");

        var metadata = Metadata(XDocument.Parse(ReadEntry(package, $"{id}.nuspec")));
        metadata.Value("id").Should().Be(id);
        metadata.Value("version").Should().Be(packages.Version);
        metadata.Value("description").Should().Be(ProjectDescription(projectFolder)).And.NotBeNullOrWhiteSpace();
        metadata.Value("authors").Should().NotBeNullOrWhiteSpace();
        metadata.Value("readme").Should().Be("README.md");
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        license.Attribute("type")?.Value.Should().Be("expression");
        license.Value.Should().Be("Apache-2.0");
    }

    [Theory]
    [InlineData("ProdStock.Contracts")]
    [InlineData("ProdStock.ClientSdk")]
    [InlineData("CodeFirst")]
    [InlineData("CodeFirst.AspNetCore")]
    public async Task PackSolution_EachSymbolPackage_CarriesPortablePdb(string id)
    {
        var pack = await packages.PackAsync();
        pack.Succeeded.Should().BeTrue(pack.ToString());

        using var symbols = ZipFile.OpenRead(packages.PackagePath(id, "snupkg"));

        symbols.Entries.Select(e => e.FullName).Should().Contain($"lib/{TargetFramework}/{id}.pdb");
    }

    [Fact]
    public async Task PackSolution_ClientSdk_DependsOnContractsOfTheSameVersion()
    {
        var pack = await packages.PackAsync();
        pack.Succeeded.Should().BeTrue(pack.ToString());

        using var package = ZipFile.OpenRead(packages.PackagePath("ProdStock.ClientSdk"));
        var metadata = Metadata(XDocument.Parse(ReadEntry(package, "ProdStock.ClientSdk.nuspec")));

        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
        dependencies.Should().Contain("ProdStock.Contracts", packages.Version);
        dependencies.Keys.Should().NotContain(k => k.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), "analyzers are private to the build");
    }

    private static string ReadEntry(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the package.");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static XElement Metadata(XDocument nuspec) =>
        nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static string ProjectDescription(string projectFolder)
    {
        var project = Directory.GetFiles(Path.Combine(PackagesFixture.RepositoryRoot, projectFolder), "*.csproj").Single();
        return XDocument.Load(project).Descendants("Description").Single().Value;
    }
}

internal static class NuspecExtensions
{
    public static string? Value(this XElement metadata, string localName) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == localName)?.Value;
}
