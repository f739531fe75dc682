using Exchange.Markets;
using Exchange.Storage.Ledger;

namespace Exchange.Silo.Api.Responses;

/// <summary>An allocation: these tokens of this cluster in this period go to this buyer at this price; chained by hash per market.</summary>
/// <param name="ParentAllocationId">The allocation whose failed cluster's remainder this one re-allocates (its hash covers it); null for a trade.</param>
public sealed record AllocationResponse(
    string AllocationId,
    string MarketId,
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
    string Price,
    string Notional,
    DateTimeOffset MatchedAt,
    long Sequence,
    string Hash,
    string PrevHash,
    string? ParentAllocationId)
{
    public static AllocationResponse From(AllocationRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.AllocationId, a.MarketId, a.Model, a.PeriodStart, a.PeriodEnd, a.BuyerId, a.BuyerJurisdiction, a.BuyOrderId,
            a.ProviderId, a.ClusterId, a.Region, a.SellOrderId, a.Quantity, ApiFormat.Price(a.PriceMicros), ApiFormat.Usd(a.Notional),
            a.MatchedAt, a.Sequence, ApiFormat.Hex(a.Hash), ApiFormat.Hex(a.PrevHash), a.ParentAllocationId);
    }
}

/// <summary>A public trade: no identities.</summary>
public sealed record TradeResponse(long Sequence, string Price, long Quantity, DateTimeOffset MatchedAt);
