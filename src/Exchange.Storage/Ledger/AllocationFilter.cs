using Exchange.Markets;

namespace Exchange.Storage.Ledger;

/// <summary>Which allocations to read; every filter that is set must hold. Times bound <c>matched_at</c> as [From, To).</summary>
public sealed record AllocationFilter
{
    public string? BuyerId { get; init; }

    public string? ProviderId { get; init; }

    public string? MarketId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Delivery periods starting at or after this.</summary>
    public DateTimeOffset? DeliveryFrom { get; init; }

    /// <summary>Delivery periods starting before this.</summary>
    public DateTimeOffset? DeliveryTo { get; init; }

    public string? Region { get; init; }

    public string? ClusterId { get; init; }

    public string? BuyerJurisdiction { get; init; }

    public string? Model { get; init; }

    /// <summary>This filter narrowed to allocations matched before <paramref name="horizon"/>.</summary>
    public AllocationFilter Before(DateTimeOffset horizon) => To is { } to && to <= horizon ? this : this with { To = horizon };
}

/// <summary>Where a page of allocations ended, in the ledger's reading order (match time, market, chain sequence).</summary>
public sealed record AllocationCursor(DateTimeOffset MatchedAt, string MarketId, long Sequence);
