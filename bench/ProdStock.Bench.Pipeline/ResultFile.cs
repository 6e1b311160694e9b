using System.Text.Json;
using ProdStock.Bench;

namespace ProdStock.Bench.Pipeline;

/// <summary>Where the pipeline benchmark keeps its results: <c>bench/results/pipeline</c> under the current folder (git-ignored).</summary>
internal static class ResultFile
{
    public static string Folder { get; } = Path.Combine("bench", "results", "pipeline");

    /// <summary>Writes <paramref name="record"/> as <c>KIND-yyyyMMdd-HHmmss.json</c> (UTC) and returns its path.</summary>
    public static async Task<string> SaveAsync(string kind, object record, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{kind}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(record, Json.Options), cancellationToken).ConfigureAwait(false);
        return path;
    }
}
