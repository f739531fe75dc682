namespace Exchange.Grains.Tests;

/// <summary>Business time the tests set by hand; shared by the in-process test silos.</summary>
public sealed class ManualClock : TimeProvider
{
    /// <summary>The one clock every test silo's <see cref="ExchangeClock"/> reads.</summary>
    public static ManualClock Shared { get; } = new();

    private long _ticks = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);
}
