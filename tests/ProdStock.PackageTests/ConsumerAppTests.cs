using System.Globalization;
using System.Text.RegularExpressions;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.PackageTests;

/// <summary>
/// ProdStock.ClientSdk as a .NET user takes it: <c>dotnet new console</c> in a folder outside the repository, a
/// nuget.config that adds the freshly packed feed (the machine's default source stays), <c>dotnet add package</c>,
/// a few lines of Program.cs, <c>dotnet run</c> against the real host over mutual TLS.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class ConsumerAppTests(PackagesFixture packages, HostFixture host)
{
    private const string ProgramSource = """
        using ProdStock.ClientSdk;
        using ProdStock.Contracts;

        using var client = new ProdStockClient(new ProdStockClientOptions
        {
            Address = new Uri(args[0]),
            CaCertificatePath = args[1],
            ClientCertificatePath = args[2],
            ClientKeyPath = args[3],
        });

        var stock = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1, ProdArea = ProdAreas.B });
        var scores = await client.Users.GetUserScoreAsync(new UserScoreRequest { Users = [new() { UserId = 1 }] });

        Console.WriteLine($"stock {stock.ProdId} B: {stock.ProdStock}");
        Console.WriteLine($"score {scores.Users[0].UserId}: {scores.Users[0].UserScore}");
        """;

    [Fact]
    public async Task AddPackage_FreshConsoleApp_CallsHostWithDemoAnswers()
    {
        // Arrange: the packages, and a console app that knows nothing of this repository.
        var pack = await packages.PackAsync();
        pack.Succeeded.Should().BeTrue(pack.ToString());
        var app = Path.Combine(packages.Folder, "consumer");
        Directory.CreateDirectory(app);
        var created = await DotnetCommand.RunAsync(app, "new", "console", "--name", "Consumer", "--output", app);
        created.Succeeded.Should().BeTrue(created.ToString());
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <!-- No <clear />: the machine's default source stays, for the packages ProdStock depends on. -->
              <packageSources>
                <add key="prodstock-test-feed" value="{packages.FeedFolder}" />
              </packageSources>
            </configuration>
            """);

        // Act: install, write the program, run it.
        var added = await DotnetCommand.RunAsync(app, "add", "package", "ProdStock.ClientSdk", "--version", packages.Version);
        added.Succeeded.Should().BeTrue(added.ToString());
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ProgramSource);
        var run = await DotnetCommand.RunAsync(
            app,
            "run", "--disable-build-servers", "--",
            host.Address.ToString(),
            host.Certificates.CaPath,
            host.Certificates.ClientCertificatePath,
            host.Certificates.ClientKeyPath);

        // Assert: the package (not a project reference) was used, and the answers are the demo data's.
        (await File.ReadAllTextAsync(Path.Combine(app, "Consumer.csproj")))
            .Should().Contain($"""<PackageReference Include="ProdStock.ClientSdk" Version="{packages.Version}" />""", added.ToString());
        (await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json")))
            .Should().Contain($"\"ProdStock.Contracts/{packages.Version}\"", "ProdStock.Contracts comes in as a package dependency");
        run.Succeeded.Should().BeTrue(run.ToString());
        Printed(run, StockLine()).Should().Be(DemoDataSet.Product(1)!.StockIn(ProdAreas.B), run.ToString());
        Printed(run, ScoreLine()).Should().Be(DemoDataSet.Score(1), run.ToString());
    }

    private static int Printed(CommandResult run, Regex line)
    {
        var match = line.Match(run.Output);
        match.Success.Should().BeTrue($"the program prints a line matching {line}; {run}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^stock 1 B: (\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex StockLine();

    [GeneratedRegex(@"^score 1: (\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex ScoreLine();
}
