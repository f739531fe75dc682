namespace Exchange.Storage.Reservations;

/// <summary>An order in the batch was admitted by a tenant or cluster grain activation that has been replaced: its reservation may be given again.</summary>
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
