namespace Exchange.Grains.Markets;

/// <summary>A snapshot taken at a journal sequence, its bytes still being written off the market's turn.</summary>
internal sealed record PendingSnapshot(long Sequence, Task<byte[]> State);
