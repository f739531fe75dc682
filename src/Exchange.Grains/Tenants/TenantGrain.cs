using Exchange.Contracts;
using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Storage.Ledger;
using Exchange.Storage.Orders;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Exchange.Grains.Tenants;

/// <summary>
/// One tenant's pre-trade risk. Every check and its reservation happen synchronously before the first
/// await, so the grain can be reentrant (orders of one tenant overlap on their way to the markets) and
/// still never admit two orders into the same last unit of credit. Reservations are not persisted:
/// they are rebuilt from the order projection, which is written with the journal, on activation and
/// periodically, so a crash can neither leak credit nor lose spend.
/// </summary>
[Reentrant]
public sealed class TenantGrain(
    [PersistentState("tenant")] IPersistentState<TenantState> state,
    OrderQueries orders,
    IOptions<TenantOptions> options,
    IOptions<MarketOptions> markets,
    MarketListing listing,
    ExchangeClock clock) : Grain, ITenantGrain
{
    private readonly TokenBucket _rate = new();
    private readonly Dictionary<string, Task<PlaceOrderResult>> _inflight = new(StringComparer.Ordinal);
    private TenantOrders _orders = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Profile is not null)
        {
            _orders = await LoadOrdersAsync(new TenantOrders(), cancellationToken);
            StartReconciling();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<Creation<TenantView>> Create(TenantProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (state.State.Profile is { } existing)
        {
            return new(existing == profile with { Id = existing.Id } ? View() : null, Created: false);
        }

        var defaults = options.Value;
        state.State.Profile = profile with { Id = this.GetPrimaryKeyString() };
        state.State.Quota = new TenantQuota(defaults.DefaultCreditLimit, defaults.DefaultMaxTokensPerPeriod,
            defaults.DefaultMaxOpenOrders, defaults.DefaultOrdersPerSecond, TenantStatus.Active);
        await state.WriteStateAsync();

        // This activation began before the tenant existed, so it has no reconciliation yet; without one, an order
        // update lost in a crash would never be healed while this activation lives.
        StartReconciling();
        return new(View(), Created: true);
    }

    public Task<TenantView?> Get() => Task.FromResult(state.State.Profile is null ? null : View());

    public async Task<TenantView?> SetQuota(TenantQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        if (state.State.Profile is null)
        {
            return null;
        }

        state.State.Quota = quota;
        await state.WriteStateAsync();
        return View();
    }

    public async Task<bool> AddCluster(string clusterId)
    {
        if (state.State.Profile is null)
        {
            return false;
        }

        if (!state.State.Clusters.Contains(clusterId))
        {
            state.State.Clusters.Add(clusterId);
            await state.WriteStateAsync();
        }

        return true;
    }

    public Task<IReadOnlyList<string>> GetClusters() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Clusters]);

    public async Task<PlaceOrderResult> PlaceOrder(string marketId, OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Profile is not { } profile || state.State.Quota is not { } quota)
        {
            return PlaceOrderResult.Rejected("unknown-tenant");
        }

        request = request with { TenantId = profile.Id, Jurisdiction = profile.Jurisdiction };
        var market = GrainFactory.GetGrain<IMarketGrain>(marketId);

        // A retry while the first attempt is still on its way waits for it, then answers as a retry of a finished attempt.
        if (_inflight.TryGetValue(request.ClientOrderId, out var first))
        {
            try
            {
                await first;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The first attempt's failure is its caller's answer; this one goes on as if it came later.
            }
        }

        // A retry goes to the market that has (or had) the order, which answers with its first outcome.
        if (_orders.MarketOf(request.ClientOrderId) is { } earlier)
        {
            return earlier == marketId
                ? await market.Place(request)
                : PlaceOrderResult.Rejected("duplicate-client-order-id");
        }

        if (listing.Find(marketId) is not { } listed)
        {
            return PlaceOrderResult.Rejected("unknown-market");
        }

        if (!listed.Open)
        {
            return PlaceOrderResult.Rejected("market-closed");
        }

        if (Check(profile, quota, marketId, request) is { } refusal)
        {
            return PlaceOrderResult.Rejected(refusal);
        }

        var parsed = MarketId.TryParse(marketId, out var id) ? id.Value : throw new ArgumentException("Invalid market id.", nameof(marketId));
        var reservePrice = request.Kind == OrderKind.Market ? markets.Value.MaxPriceMicros : request.PriceMicros;
        _orders.AddPending(request.ClientOrderId, parsed, request.Side, reservePrice, request.Quantity);
        var placing = Send(profile, market, request);
        _inflight[request.ClientOrderId] = placing;
        try
        {
            return await placing;
        }
        finally
        {
            _inflight.Remove(request.ClientOrderId);
        }
    }

    /// <summary>Takes a sell's cluster capacity, then places the order; undoes the reservations when it is not placed.</summary>
    private async Task<PlaceOrderResult> Send(TenantProfile profile, IMarketGrain market, OrderRequest request)
    {
        IClusterGrain? cluster = null;
        try
        {
            if (request.Side == OrderSide.Sell)
            {
                cluster = GrainFactory.GetGrain<IClusterGrain>(request.Cluster?.ClusterId ?? "");
                var capacity = await cluster.Reserve(profile.Id, market.GetPrimaryKeyString(), request.ClientOrderId, request.Quantity);
                if (capacity.Seller is null)
                {
                    _orders.RemovePending(request.ClientOrderId);
                    return PlaceOrderResult.Rejected(capacity.RejectReason ?? "unknown-cluster");
                }

                request = request with { Cluster = capacity.Seller };
            }

            var result = await market.Place(request);
            if (result.Order is { } order)
            {
                Apply(order);
            }
            else
            {
                await Undo(cluster, profile.Id, request.ClientOrderId);
            }

            return result;
        }
        catch
        {
            // Not acknowledged, yet the market may have journaled it before its answer was lost (its silo died, say); the
            // market's update or the next reconcile brings it back. The cluster keeps the sell's capacity until a state of
            // the order confirms it or the reservation's lease runs out: released here, it could go to other sells while
            // this one rests in the book, and the cluster would be oversold. A retry of the order finds it still reserved.
            _orders.RemovePending(request.ClientOrderId);
            throw;
        }
    }

    public Task OrderUpdated(OrderState order)
    {
        ArgumentNullException.ThrowIfNull(order);
        Apply(order);
        return Task.CompletedTask;
    }

    private string? Check(TenantProfile profile, TenantQuota quota, string marketId, OrderRequest request)
    {
        if (quota.Status != TenantStatus.Active)
        {
            return "tenant-suspended";
        }

        var side = profile.Kind switch
        {
            TenantKind.Provider => OrderSide.Sell,
            TenantKind.Buyer => OrderSide.Buy,
            _ => (OrderSide?)null,
        };
        if (side != request.Side)
        {
            return "side-not-allowed";
        }

        if (request.Side == OrderSide.Buy && options.Value.BlockedJurisdictions.Contains(profile.Jurisdiction, StringComparer.OrdinalIgnoreCase))
        {
            return "jurisdiction-blocked";
        }

        if (!_rate.TryTake(quota.OrdersPerSecond, clock.UtcNow.ToUnixTimeMilliseconds()))
        {
            return "rate-limited";
        }

        var usage = _orders.Usage();
        if (usage.OpenOrders >= quota.MaxOpenOrders)
        {
            return "open-order-limit";
        }

        if (request.Side == OrderSide.Buy)
        {
            var price = request.Kind == OrderKind.Market ? markets.Value.MaxPriceMicros : request.PriceMicros;
            if (usage.Reserved + usage.Spent + Money.Notional(request.Quantity, price) > quota.CreditLimit)
            {
                return "credit-limit-exceeded";
            }

            var period = MarketId.TryParse(marketId, out var id) ? id.Value.PeriodStart : default;
            if (_orders.TokensFor(period) + request.Quantity > quota.MaxTokensPerPeriod)
            {
                return "token-limit-exceeded";
            }
        }

        return null;
    }

    private async Task Undo(IClusterGrain? cluster, string tenantId, string clientOrderId)
    {
        _orders.RemovePending(clientOrderId);
        if (cluster is not null)
        {
            await cluster.Release(tenantId, clientOrderId);
        }
    }

    private void Apply(OrderState order)
    {
        if (MarketId.TryParse(order.MarketId, out var market))
        {
            _orders.Apply(order.ClientOrderId, order.MarketId, order.Side, order.Kind, order.PriceMicros,
                market.Value.PeriodStart, order.RemainingQuantity, order.FilledQuantity, order.FilledNotional);
        }
    }

    private void StartReconciling()
    {
        var every = TimeSpan.FromSeconds(options.Value.ReconcileSeconds);
        this.RegisterGrainTimer(Reconcile, new GrainTimerCreationOptions(every, every) { KeepAlive = false, Interleave = true });
    }

    // Merges rather than replaces, so reservations of orders still on their way to a market survive. Reads only what can
    // have changed unheard: orders open in the projection, those this grain believes open (one may have finished
    // unheard), and those created since two rounds ago (one may have been journaled after its caller gave up on it).
    private async Task Reconcile()
    {
        var since = clock.UtcNow - (2 * TimeSpan.FromSeconds(options.Value.ReconcileSeconds)) - TimeSpan.FromMinutes(1);
        await foreach (var row in orders.ReadTenantRecentOrdersAsync(this.GetPrimaryKeyString(), _orders.OpenClientOrderIds(), since, CancellationToken.None))
        {
            Apply(_orders, row);
        }
    }

    private async Task<TenantOrders> LoadOrdersAsync(TenantOrders target, CancellationToken cancellationToken)
    {
        await foreach (var row in orders.ReadTenantOrdersAsync(this.GetPrimaryKeyString(), cancellationToken))
        {
            Apply(target, row);
        }

        return target;
    }

    private static void Apply(TenantOrders target, OrderRow row) =>
        target.Apply(row.ClientOrderId, row.MarketId, (OrderSide)row.Side, (OrderKind)row.Kind, row.PriceMicros,
            row.PeriodStart, row.RemainingQuantity, row.FilledQuantity, row.FilledNotional);

    private TenantView View() => new(state.State.Profile!, state.State.Quota!, _orders.Usage());
}
