namespace Exchange.Storage.Journal;

/// <summary>Where a market's durable history ends: the last command and the last allocation with its hash.</summary>
public sealed record ChainHead(long LastJournalSequence, long LastAllocationSequence, byte[] LastAllocationHash);
