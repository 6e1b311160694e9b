namespace ProdStock.UnitTests.Infrastructure;

/// <summary>A <see cref="TimeProvider"/> whose time only moves when a test sets it.</summary>
internal sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>A fixed instant used where the exact time does not matter.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public FakeClock()
        : this(DefaultNow)
    {
    }

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
