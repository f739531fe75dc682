namespace Exchange.Grains.Markets;

/// <summary>
/// When a market takes its next snapshot: once at least <c>everyCommands</c> commands, and at least as many journal bytes as
/// the last snapshot held, have been journaled since that snapshot.
/// </summary>
/// <remarks>
/// A snapshot costs in proportion to the market's whole state, so at a fixed command count a deep book's snapshots would
/// cost more per command the deeper it grew (a 40,000-command bench market wrote
/// 3.8 MB every 10,000 commands). Tied to the journal's bytes, snapshots never write more than the journal did, and a
/// re-activation still reads about twice its state at most: the snapshot and a journal no larger than it.
/// </remarks>
public sealed class SnapshotSchedule
{
    private readonly int _everyCommands;
    private long _commands;
    private long _journalBytes;
    private long _snapshotBytes;

    /// <param name="everyCommands">The fewest commands between two snapshots.</param>
    /// <param name="snapshotBytes">The size of the snapshot the market started from (0 for none).</param>
    public SnapshotSchedule(int everyCommands, long snapshotBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(everyCommands);
        ArgumentOutOfRangeException.ThrowIfNegative(snapshotBytes);
        _everyCommands = everyCommands;
        _snapshotBytes = snapshotBytes;
    }

    /// <summary>Counts one journaled command of <paramref name="commandBytes"/> bytes; true when a snapshot is due after it.</summary>
    public bool Journaled(int commandBytes)
    {
        _commands++;
        _journalBytes += commandBytes;
        return _commands >= _everyCommands && _journalBytes >= _snapshotBytes;
    }

    /// <summary>Starts counting again after a snapshot of <paramref name="snapshotBytes"/> bytes.</summary>
    public void Taken(long snapshotBytes)
    {
        Taken();
        Sized(snapshotBytes);
    }

    /// <summary>Starts counting again at a snapshot still being written; the last size stands until <see cref="Sized"/>.</summary>
    public void Taken()
    {
        _commands = 0;
        _journalBytes = 0;
    }

    /// <summary>The size of the snapshot taken last, once written.</summary>
    public void Sized(long snapshotBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(snapshotBytes);
        _snapshotBytes = snapshotBytes;
    }
}
