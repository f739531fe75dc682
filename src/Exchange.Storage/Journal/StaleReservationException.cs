namespace Exchange.Storage.Journal;

/// <summary>A sell in the batch was reserved by a cluster grain activation that has been replaced: its capacity may be sold again.</summary>
public sealed class StaleReservationException : Exception
{
    public StaleReservationException()
    {
    }

    public StaleReservationException(string message)
        : base(message)
    {
    }

    public StaleReservationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
