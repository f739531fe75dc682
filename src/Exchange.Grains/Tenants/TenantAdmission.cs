using Exchange.Contracts.Tenants;
using Exchange.Grains.Markets;
using Exchange.Markets;

namespace Exchange.Grains.Tenants;

/// <summary>
/// A tenant's pre-trade checks, in the order they are made: status, side, jurisdiction, rate, open orders, then for buys
/// credit and tokens per period. Synchronous, so a reentrant tenant grain checks and reserves before its first await.
/// </summary>
internal sealed class TenantAdmission(TenantOptions options, MarketOptions markets, ExchangeClock clock)
{
    private readonly TokenBucket _rate = new();

    /// <summary>
    /// The price a buy reserves credit at: its limit, or for a market order (which has none) the highest price a market
    /// accepts, until its state says what it paid.
    /// </summary>
    public long ReservePrice(OrderRequest request) =>
        request.Kind == OrderKind.Market ? markets.MaxPriceMicros : request.PriceMicros;

    /// <summary>Why the order may not go to its market now, or null when it may.</summary>
    public RejectCode? Check(TenantProfile profile, TenantQuota quota, string marketId, OrderRequest request, TenantOrders orders, decimal deposited)
    {
        if (quota.Status != TenantStatus.Active)
        {
            return RejectCode.TenantSuspended;
        }

        var side = profile.Kind switch
        {
            TenantKind.Provider => OrderSide.Sell,
            TenantKind.Buyer => OrderSide.Buy,
            _ => (OrderSide?)null,
        };
        if (side != request.Side)
        {
            return RejectCode.SideNotAllowed;
        }

        if (request.Side == OrderSide.Buy && options.BlockedJurisdictions.Contains(profile.Jurisdiction, StringComparer.OrdinalIgnoreCase))
        {
            return RejectCode.JurisdictionBlocked;
        }

        if (!_rate.TryTake(quota.OrdersPerSecond, clock.UtcNow.ToUnixTimeMilliseconds()))
        {
            return RejectCode.RateLimited;
        }

        var usage = orders.Usage() with { Deposited = deposited };
        if (usage.OpenOrders >= quota.MaxOpenOrders)
        {
            return RejectCode.OpenOrderLimit;
        }

        if (request.Side == OrderSide.Buy)
        {
            if (Money.Notional(request.Quantity, ReservePrice(request)) > usage.Available(quota))
            {
                return RejectCode.CreditLimitExceeded;
            }

            var period = MarketId.TryParse(marketId, out var id) ? id.Value.PeriodStart : default;
            if (orders.TokensFor(period) + request.Quantity > quota.MaxTokensPerPeriod)
            {
                return RejectCode.TokenLimitExceeded;
            }
        }

        return null;
    }
}
