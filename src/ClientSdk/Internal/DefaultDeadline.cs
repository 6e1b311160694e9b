namespace ProdStock.ClientSdk.Internal;

/// <summary>Turns <see cref="ProdStockClientOptions.DefaultDeadline"/> into the deadline of a call that sets none itself.</summary>
internal static class DefaultDeadline
{
    /// <summary>
    /// The UTC deadline <paramref name="timeout"/> from <paramref name="now"/>, or <see langword="null"/> for no deadline:
    /// <see cref="Timeout.InfiniteTimeSpan"/>, or a timeout so long that the deadline is past <see cref="DateTime.MaxValue"/>.
    /// </summary>
    public static DateTime? From(DateTime now, TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout >= DateTime.MaxValue - now ? null : now + timeout;
}
