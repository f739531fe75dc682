namespace Exchange.Storage.Journal;

/// <summary>Another writer already appended at these sequences: this writer is stale and must stop writing.</summary>
public sealed class JournalConflictException : Exception
{
    public JournalConflictException()
    {
    }

    public JournalConflictException(string message)
        : base(message)
    {
    }

    public JournalConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
