namespace Exchange.Markets;

/// <summary>One allocation as the ledger stores it: these tokens of this cluster in this period go to this buyer at this price.</summary>
/// <param name="Sequence">Position in the market's hash chain, dense from 1.</param>
/// <param name="JournalSequence">The journaled command whose matching produced it.</param>
/// <param name="PriceMicros">USD per million tokens, in millionths of a dollar.</param>
/// <param name="ParentAllocationId">The allocation whose failed cluster's remainder this one re-allocates; null for a trade.</param>
public sealed record AllocationRecord(
    string MarketId,
    long Sequence,
    string AllocationId,
    long JournalSequence,
    string Model,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string BuyerId,
    string BuyerJurisdiction,
    string BuyOrderId,
    string ProviderId,
    string ClusterId,
    string Region,
    string SellOrderId,
    long Quantity,
    long PriceMicros,
    DateTimeOffset MatchedAt,
    byte[] PrevHash,
    byte[] Hash,
    string? ParentAllocationId = null)
{
    /// <summary>Quantity × price in USD, exact: price is per million tokens and in micro-dollars.</summary>
    public decimal Notional => Money.Notional(Quantity, PriceMicros);
}
