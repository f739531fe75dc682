namespace Exchange.Storage.Journal;

/// <summary>
/// A batch's allocations were matched before the ledger's settled horizon: readers may already have paged past that
/// time, so the batch is refused whole instead of appearing behind them.
/// </summary>
public sealed class LedgerHorizonPassedException : Exception
{
    public LedgerHorizonPassedException()
    {
    }

    public LedgerHorizonPassedException(string message)
        : base(message)
    {
    }

    public LedgerHorizonPassedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
