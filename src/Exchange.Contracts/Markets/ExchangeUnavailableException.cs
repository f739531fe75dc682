namespace Exchange.Contracts.Markets;

/// <summary>The exchange could not make a command durable (database unavailable, or a stale writer fenced off); nothing was acknowledged.</summary>
[GenerateSerializer]
public sealed class ExchangeUnavailableException : Exception
{
    public ExchangeUnavailableException()
    {
    }

    public ExchangeUnavailableException(string message)
        : base(message)
    {
    }

    public ExchangeUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
