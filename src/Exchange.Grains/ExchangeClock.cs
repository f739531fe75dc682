namespace Exchange.Grains;

/// <summary>
/// The time the exchange stamps on commands and uses for gate closure. A type of its own, so tests can
/// move business time without touching the TimeProvider that Orleans' runtime itself resolves.
/// </summary>
public sealed class ExchangeClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
