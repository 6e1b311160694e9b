namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// Creates the database's folder (0700) and file (0600) readable by the host's user only: the orders in them are
/// nobody else's business. The file is created empty before SQLite opens it, because SQLite creates a new file 0644
/// and gives its <c>-wal</c> and <c>-shm</c> files the database file's mode. A folder or file that already exists
/// keeps the mode its owner gave it. On Windows the folder's ACL decides, and nothing is changed.
/// </summary>
internal static class PrivateDataFiles
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="databasePath"/>'s missing folders and, when it does not exist, the empty database file.</summary>
    public static void Create(string databasePath)
    {
        var path = Path.GetFullPath(databasePath);
        var folder = Path.GetDirectoryName(path);
        if (OperatingSystem.IsWindows())
        {
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            return;
        }

        CreateFolders(folder);
        if (File.Exists(path))
        {
            return;
        }

        try
        {
            // An empty file is an empty SQLite database.
            using var file = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another host starting on the same file created it first.
        }
    }

    /// <summary>Creates the missing folders of <paramref name="folder"/>, outermost first, each 0700.</summary>
    /// <remarks><see cref="Directory.CreateDirectory(string, UnixFileMode)"/> gives the mode to the last folder only.</remarks>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CreateFolders(string? folder)
    {
        var missing = new Stack<string>();
        for (var current = folder; !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        while (missing.TryPop(out var next))
        {
            Directory.CreateDirectory(next, FolderMode);
        }
    }
}
