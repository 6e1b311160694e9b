using System.Runtime.CompilerServices;
using ProdStock.InteropTests.Schema;

namespace ProdStock.InteropTests.Node;

/// <summary>Where the Node.js client, the schema and the schema's imports are.</summary>
internal static class NodeClientPaths
{
    /// <summary>The repository root: <see cref="RepositoryPaths.Root"/>, else found from this source file's build-time folder.</summary>
    /// <remarks>
    /// RepositoryPaths walks up from the test binaries only, which are outside the repository when built with
    /// <c>--artifacts-path</c>; the fallback keeps these tests running then (the compiler records the real source path,
    /// except in CI builds with deterministic source paths, where the binaries are expected inside the repository).
    /// </remarks>
    public static string Root { get; } = FindRoot();

    /// <summary>The client's folder: package.json, the committed package-lock.json and client.js.</summary>
    public static string ClientFolder => Path.Combine(Root, "tests", "ProdStock.InteropTests", "node-client");

    /// <summary>The schema emitted from the contracts, checked in.</summary>
    public static string Schema => Path.Combine(Protos, "services.proto");

    /// <summary>The checked-in schema set: services.proto and every file it imports, so the client needs no --include.</summary>
    public static string Protos => Path.Combine(Root, "protos");

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        try
        {
            return RepositoryPaths.Root;
        }
        catch (TypeInitializationException exception)
        {
            for (var folder = new DirectoryInfo(Path.GetDirectoryName(sourceFile) ?? "."); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ProdStock.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"ProdStock.sln is neither above the test binaries nor above {sourceFile}.", exception);
        }
    }
}
