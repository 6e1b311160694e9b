namespace ProdStock.UnitTests.Infrastructure;

/// <summary>A bound on every await of a test, so that a hang fails the test instead of the whole run.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().WaitAsync(Timeout);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Timeout);

    /// <summary>Reads a whole sequence, bounded in time.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this IAsyncEnumerable<T> source)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var list = new List<T>();
        await using var enumerator = source.GetAsyncEnumerator(cts.Token);
        while (await enumerator.MoveNextAsync().AsTask().WaitAsync(Timeout, cts.Token))
        {
            list.Add(enumerator.Current);
        }

        return list;
    }
}
