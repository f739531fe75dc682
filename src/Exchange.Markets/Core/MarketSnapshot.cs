namespace Exchange.Markets;

/// <summary>A market's serialized state after <paramref name="Sequence"/> journaled commands.</summary>
public sealed record MarketSnapshot(long Sequence, byte[] State);
