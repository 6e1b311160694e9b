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
        var (app, added) = await CreateConsumerAppAsync("consumer");

        // Act: write the program, run it.
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

    [Fact]
    public async Task ReadmeSnippet_RunTwiceInFreshConsoleApp_PrintsTheSameAnswers()
    {
        // Arrange: the C# of README.md's "Using it from .NET" as written, but for the test host's address, with the
        // certificates copied to certs/ beside the app (the snippet's relative paths), as src/ClientSdk/README.md says.
        var (app, _) = await CreateConsumerAppAsync("readme-consumer");
        var snippet = ReadmeSnippet();
        snippet.Should().Contain("\"https://localhost:10086\"");
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), snippet.Replace("https://localhost:10086", host.Address.ToString().TrimEnd('/'), StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(app, "certs"));
        File.Copy(host.Certificates.CaPath, Path.Combine(app, "certs", "ca.pem"));
        File.Copy(host.Certificates.ClientCertificatePath, Path.Combine(app, "certs", "client.pem"));
        File.Copy(host.Certificates.ClientKeyPath, Path.Combine(app, "certs", "client.key"));

        // Act: run it twice, as a reader would.
        var first = await DotnetCommand.RunAsync(app, "run", "--disable-build-servers");
        var second = await DotnetCommand.RunAsync(app, "run", "--disable-build-servers");

        // Assert: the demo stock the README promises, and the same order answer both times (order_no is the idempotency key).
        first.Succeeded.Should().BeTrue(first.ToString());
        second.Succeeded.Should().BeTrue(second.ToString());
        var stock = DemoDataSet.Product(1)!.StockIn(ProdAreas.B).ToString(CultureInfo.InvariantCulture);
        Answers(first, stock).Should().HaveCount(2, "the program prints the stock, then the order's status and id; " + first)
            .And.Contain(stock).And.ContainMatch("OK *");
        Answers(second, stock).Should().Equal(Answers(first, stock), "a second run gets the first order's answer");
    }

    /// <summary>The lines the snippet prints (dotnet run may add its own): the stock, and the order's "status id".</summary>
    private static List<string> Answers(CommandResult run, string stock) => run.Output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => line == stock || line.StartsWith("OK ", StringComparison.Ordinal))
        .ToList();

    /// <summary>Creates a console app in the test folder with a nuget.config that adds the test feed, and adds ProdStock.ClientSdk.</summary>
    private async Task<(string App, CommandResult Added)> CreateConsumerAppAsync(string name)
    {
        var pack = await packages.PackAsync();
        pack.Succeeded.Should().BeTrue(pack.ToString());
        var app = Path.Combine(packages.Folder, name);
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
        var added = await DotnetCommand.RunAsync(app, "add", "package", "ProdStock.ClientSdk", "--version", packages.Version);
        added.Succeeded.Should().BeTrue(added.ToString());
        return (app, added);
    }

    /// <summary>The C# block of README.md's "Using it from .NET" section.</summary>
    private static string ReadmeSnippet()
    {
        var readme = File.ReadAllText(Path.Combine(PackagesFixture.RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("## Using it from .NET", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, "the section shows C#");
        start += "```csharp\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
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
