namespace Exchange.Storage.Journal;

/// <summary>One journaled command of a market: its position and its serialized form.</summary>
public sealed record JournalEntry(long Sequence, byte[] Command);
