namespace ProdStock.InteropTests.Schema;

/// <summary>Folders of the repository the tests run from.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds ProdStock.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Protos => Path.Combine(Root, "protos");

    public static string ReleasedProtos => Path.Combine(Protos, "released");

    /// <summary>The tutorial's .proto files, copied unchanged into this test project.</summary>
    public static string SeedProtos => Path.Combine(Root, "tests", "ProdStock.InteropTests", "Protos");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ProdStock.sln")))
            {
                return folder.FullName;
            }
        }

        // Built with --artifacts-path the binaries live outside the repository: use the root recorded at build time.
        var recorded = typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "ProdStock.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        throw new InvalidOperationException($"ProdStock.sln not found above {AppContext.BaseDirectory} nor at {recorded}.");
    }
}
