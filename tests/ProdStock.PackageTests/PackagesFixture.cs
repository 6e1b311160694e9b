using System.Globalization;
using System.Reflection;

namespace ProdStock.PackageTests;

/// <summary>
/// A temporary workspace outside the repository, and the whole solution packed once into its <see cref="FeedFolder"/>
/// with a version no other run uses (so no stale copy in the global NuGet cache can stand in for it).
/// The pack builds with its own artifacts path, so it never collides with other builds of the tree.
/// </summary>
public sealed class PackagesFixture : IDisposable
{
    /// <summary>The packable projects: package id and project folder.</summary>
    public static readonly IReadOnlyList<(string Id, string ProjectFolder)> Packages =
    [
        ("ProdStock.Contracts", "src/Contracts"),
        ("ProdStock.ClientSdk", "src/ClientSdk"),
        ("CodeFirst", "src/CodeFirst"),
        ("CodeFirst.AspNetCore", "src/CodeFirst.AspNetCore"),
    ];

    private readonly Lazy<Task<CommandResult>> _pack;

    public PackagesFixture()
    {
        Version = string.Create(
            CultureInfo.InvariantCulture, $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.r{Guid.NewGuid().ToString("N")[..8]}");
        Folder = Directory.CreateTempSubdirectory("prodstock-pkg-").FullName;
        // Stop MSBuild's upward search here: nothing that happens to lie in the machine's temp folder may apply to the
        // consumer app, just as nothing of the repository does.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(Folder, file), "<Project />\n");
        }

        _pack = new Lazy<Task<CommandResult>>(PackSolutionAsync);
    }

    /// <summary>The repository this test assembly was built from.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The unique prerelease version of this run's packages.</summary>
    public string Version { get; }

    /// <summary>The workspace (in the temp folder, outside the repository).</summary>
    public string Folder { get; }

    /// <summary>The local package source the solution is packed into.</summary>
    public string FeedFolder => Path.Combine(Folder, "feed");

    /// <summary><c>dotnet pack ProdStock.sln</c> into <see cref="FeedFolder"/>, run once and shared by the tests.</summary>
    public Task<CommandResult> PackAsync() => _pack.Value;

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(FeedFolder, $"{id}.{Version}.{extension}");

    public void Dispose()
    {
        TryDelete(Folder);
        // The consumer app's restore extracted this run's packages into the global packages folder; nothing else will
        // ever ask for this version.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var (id, _) in Packages)
        {
            var idFolder = Path.Combine(globalPackages, id.ToLowerInvariant());
            TryDelete(Path.Combine(idFolder, Version.ToLowerInvariant()));
            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                TryDelete(idFolder);
            }
        }
    }

    private Task<CommandResult> PackSolutionAsync() =>
        DotnetCommand.RunAsync(
            RepositoryRoot,
            "pack", Path.Combine(RepositoryRoot, "ProdStock.sln"),
            "-c", "Release",
            "-o", FeedFolder,
            "--artifacts-path", Path.Combine(Folder, "artifacts"),
            $"-p:Version={Version}",
            "--disable-build-servers");

    private static string FindRepositoryRoot()
    {
        var recorded = typeof(PackagesFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "ProdStock.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ProdStock.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"ProdStock.sln not found (recorded root: '{recorded}', base: {AppContext.BaseDirectory}).");
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
