namespace ProdStock.Testing;

/// <summary>A bound on every await of a test, so a hang fails the test instead of the run.</summary>
public static class TaskTimeoutExtensions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().WaitAsync(Timeout);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Timeout);

    /// <summary>Reads a whole stream, bounded in time.</summary>
    public static async Task<List<T>> ToListBoundedAsync<T>(this IAsyncEnumerable<T> source, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cts.Token))
        {
            list.Add(item);
        }

        return list;
    }
}
