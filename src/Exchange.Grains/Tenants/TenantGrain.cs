using Exchange.Contracts;
using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Ledger;
using Exchange.Storage.Orders;
using Exchange.Storage.Reservations;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Exchange.Grains.Tenants;

/// <summary>
/// One tenant's pre-trade risk. Every check and its reservation happen synchronously before the first
/// await, so the grain can be reentrant (orders of one tenant overlap on their way to the markets) and
/// still never admit two orders into the same last unit of credit. Reservations are not persisted:
/// they are rebuilt on activation and periodically from the markets the tenant has orders in (recorded
/// with the journal in <c>holder_markets</c>), which answer with the orders they hold, and from the order
/// store, so a crash can neither leak credit nor lose spend. Each activation takes a new tenant
/// epoch first, and its orders carry it, so none an earlier activation admitted is journaled unseen.
/// </summary>
[Reentrant]
public sealed class TenantGrain(
    [PersistentState("tenant")] IPersistentState<TenantState> state,
    OrderQueries orders,
    ReservationEpochStore epochs,
    HolderMarkets holderMarkets,
    IOptions<TenantOptions> options,
    IOptions<MarketOptions> markets,
    MarketListing listing,
    ExchangeClock clock) : Grain, ITenantGrain
{
    private readonly TokenBucket _rate = new();
    private readonly Dictionary<string, Task<PlaceOrderResult>> _inflight = new(StringComparer.Ordinal);
    private TenantOrders _orders = new();
    private long _epoch;
    private Task? _creating;

    /// <summary>The tenant's profile once it is stored; null before, and while its creation is still being written.</summary>
    private TenantProfile? Profile => _creating is null ? state.State.Profile : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Profile is not null)
        {
            await BeginEpochAsync(cancellationToken);
            _orders = await LoadOrdersAsync(new TenantOrders(), cancellationToken);
            StartReconciling();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<Creation<TenantView>> Create(TenantProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);

        // A creation under way decides first: this call then answers as a repeat, or creates if that one failed.
        while (_creating is { } pending)
        {
            await Settled(pending);
        }

        if (state.State.Profile is { } existing)
        {
            return new(existing == profile with { Id = existing.Id } ? View() : null, Created: false);
        }

        var creating = StoreAsync(profile);
        _creating = creating;
        try
        {
            await creating;
        }
        finally
        {
            _creating = null;
        }

        // This activation began before the tenant existed, so it has no reconciliation yet; without one, an order
        // update lost in a crash would never be healed while this activation lives.
        StartReconciling();
        return new(View(), Created: true);
    }

    public Task<TenantView?> Get() => Task.FromResult(Profile is null ? null : View());

    public async Task<TenantView?> SetQuota(TenantQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        if (Profile is null)
        {
            return null;
        }

        var previous = state.State.Quota;
        state.State.Quota = quota;
        await state.WriteOrUndoAsync(() => state.State.Quota = previous);
        return View();
    }

    public async Task<bool> AddCluster(string clusterId)
    {
        if (Profile is null)
        {
            return false;
        }

        if (!state.State.Clusters.Contains(clusterId))
        {
            state.State.Clusters.Add(clusterId);
            await state.WriteOrUndoAsync(() => state.State.Clusters.Remove(clusterId));
        }

        return true;
    }

    public Task<IReadOnlyList<string>> GetClusters() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Clusters]);

    public async Task<PlaceOrderResult> PlaceOrder(string marketId, OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Profile is not { } profile || state.State.Quota is not { } quota)
        {
            return PlaceOrderResult.Rejected(RejectCode.UnknownTenant);
        }

        request = request with { TenantId = profile.Id, Jurisdiction = profile.Jurisdiction, TenantEpoch = _epoch };
        var market = GrainFactory.GetGrain<IMarketGrain>(marketId);

        // A retry while an earlier attempt is still on its way waits for it, then answers as a retry of a finished attempt.
        // A loop, because another retry may have sent the order again while this one waited.
        while (_inflight.TryGetValue(request.ClientOrderId, out var first))
        {
            await Settled(first);
        }

        // A retry goes to the market that has (or had) the order, which answers with its first outcome.
        if (_orders.MarketOf(request.ClientOrderId) is { } earlier)
        {
            if (earlier != marketId)
            {
                return PlaceOrderResult.Rejected(RejectCode.DuplicateClientOrderId);
            }

            if (_orders.UnansweredRequest(request.ClientOrderId) is not { } unanswered)
            {
                return await market.Place(request);
            }

            // The first attempt got no answer, so the order may or may not be journaled, and its reservations are still held:
            // the same order goes out again the same way (a journaled one is answered with its first outcome), and a
            // different one is refused, as its market refuses a client order id repeated with other content.
            if (!OrderRequestContent.Same(unanswered, request))
            {
                return PlaceOrderResult.Rejected(RejectCode.DuplicateClientOrderId);
            }

            _orders.Resend(request.ClientOrderId);
            return await Track(request.ClientOrderId, Send(profile, market, unanswered));
        }

        if (listing.Find(marketId) is not { } listed)
        {
            return PlaceOrderResult.Rejected(RejectCode.UnknownMarket);
        }

        if (!listed.Open)
        {
            return PlaceOrderResult.Rejected(RejectCode.MarketClosed);
        }

        if (Check(profile, quota, marketId, request) is { } refusal)
        {
            return PlaceOrderResult.Rejected(refusal);
        }

        var parsed = MarketId.TryParse(marketId, out var id) ? id.Value : throw new ArgumentException("Invalid market id.", nameof(marketId));
        var reservePrice = request.Kind == OrderKind.Market ? markets.Value.MaxPriceMicros : request.PriceMicros;
        _orders.AddPending(request.ClientOrderId, parsed, request.Side, reservePrice, request.Quantity);
        return await Track(request.ClientOrderId, Send(profile, market, request));
    }

    /// <summary>Waits for an earlier attempt to end; its failure is its own caller's answer, and this call goes on as if it came later.</summary>
    private static async Task Settled(Task earlier)
    {
        try
        {
            await earlier;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Reported to the earlier attempt's caller.
        }
    }

    /// <summary>Lets retries of the order wait for this attempt while it is on its way.</summary>
    private async Task<PlaceOrderResult> Track(string clientOrderId, Task<PlaceOrderResult> placing)
    {
        _inflight[clientOrderId] = placing;
        try
        {
            return await placing;
        }
        finally
        {
            _inflight.Remove(clientOrderId);
        }
    }

    /// <summary>Takes a sell's cluster capacity, then places the order; undoes the reservations when it is refused.</summary>
    private async Task<PlaceOrderResult> Send(TenantProfile profile, IMarketGrain market, OrderRequest request)
    {
        var sent = request;
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
                    return PlaceOrderResult.Rejected(capacity.RejectReason ?? RejectCode.UnknownCluster);
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
            // market's update or the next reconcile brings it back. Until a state of the order confirms it or a lease runs
            // out, the buyer's credit and the cluster's capacity stay reserved: released here, they could go to other
            // orders while this one rests in the book, and the buyer's limit or the cluster would be exceeded. A retry of
            // the order finds them still reserved.
            _orders.MarkUnanswered(sent.ClientOrderId, sent, clock.UtcNow);
            throw;
        }
    }

    public Task OrderUpdated(OrderState order)
    {
        ArgumentNullException.ThrowIfNull(order);
        Apply(order);
        return Task.CompletedTask;
    }

    private RejectCode? Check(TenantProfile profile, TenantQuota quota, string marketId, OrderRequest request)
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

        if (request.Side == OrderSide.Buy && options.Value.BlockedJurisdictions.Contains(profile.Jurisdiction, StringComparer.OrdinalIgnoreCase))
        {
            return RejectCode.JurisdictionBlocked;
        }

        if (!_rate.TryTake(quota.OrdersPerSecond, clock.UtcNow.ToUnixTimeMilliseconds()))
        {
            return RejectCode.RateLimited;
        }

        var usage = _orders.Usage();
        if (usage.OpenOrders >= quota.MaxOpenOrders)
        {
            return RejectCode.OpenOrderLimit;
        }

        if (request.Side == OrderSide.Buy)
        {
            var price = request.Kind == OrderKind.Market ? markets.Value.MaxPriceMicros : request.PriceMicros;
            if (usage.Reserved + usage.Spent + Money.Notional(request.Quantity, price) > quota.CreditLimit)
            {
                return RejectCode.CreditLimitExceeded;
            }

            var period = MarketId.TryParse(marketId, out var id) ? id.Value.PeriodStart : default;
            if (_orders.TokensFor(period) + request.Quantity > quota.MaxTokensPerPeriod)
            {
                return RejectCode.TokenLimitExceeded;
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

    private void Apply(OrderState order) => Apply(_orders, order);

    private static void Apply(TenantOrders target, OrderState order)
    {
        if (MarketId.TryParse(order.MarketId, out var market))
        {
            target.Apply(order.ClientOrderId, order.MarketId, order.Side, order.Kind, order.PriceMicros,
                market.Value.PeriodStart, order.RemainingQuantity, order.FilledQuantity, order.FilledNotional);
        }
    }

    // Markets first, the order store after: an order a market stores and forgets in between is then found in the store.
    private async Task<MarketHoldings[]> AskMarketsAsync(TenantOrders target)
    {
        var holdings = await holderMarkets.OfTenantAsync(this.GetPrimaryKeyString(), null, CancellationToken.None);
        foreach (var order in holdings.SelectMany(h => h.Orders))
        {
            Apply(target, order);
        }

        return holdings;
    }

    private void StartReconciling()
    {
        var every = TimeSpan.FromSeconds(options.Value.ReconcileSeconds);
        this.RegisterGrainTimer(Reconcile, new GrainTimerCreationOptions(every, every) { KeepAlive = false, Interleave = true });
    }

    // Merges rather than replaces, so reservations of orders still on their way to a market survive. Reads only what can
    // have changed unheard: orders its markets hold, those this grain believes open (one may have finished
    // unheard) or placed without an answer, and those created since two rounds ago (one may have been journaled after
    // its caller gave up on it). An unanswered placement that no state confirmed within the lease never came to exist.
    private async Task Reconcile()
    {
        var now = clock.UtcNow;
        var since = now - (2 * TimeSpan.FromSeconds(options.Value.ReconcileSeconds)) - TimeSpan.FromMinutes(1);
        var holdings = await AskMarketsAsync(_orders);
        await foreach (var row in orders.ReadTenantRecentOrdersAsync(this.GetPrimaryKeyString(), _orders.UnsettledClientOrderIds(), since, CancellationToken.None))
        {
            // A market this activation never traded in was done when it began: its spend is in the sum already.
            if (_orders.Tracks(row.MarketId))
            {
                Apply(_orders, row);
            }
        }

        _orders.DropUnansweredBefore(now - TimeSpan.FromSeconds(options.Value.ReservationLeaseSeconds));
        await holderMarkets.ForgetDoneAsync(HolderEpoch.TenantHolder(this.GetPrimaryKeyString()), holdings, CancellationToken.None);
    }

    // Nothing a failed write would leave behind may answer for the tenant: a retry would take it for the stored tenant.
    private async Task StoreAsync(TenantProfile profile)
    {
        await BeginEpochAsync(CancellationToken.None);
        var defaults = options.Value;
        state.State.Profile = profile with { Id = this.GetPrimaryKeyString() };
        state.State.Quota = new TenantQuota(defaults.DefaultCreditLimit, defaults.DefaultMaxTokensPerPeriod,
            defaults.DefaultMaxOpenOrders, defaults.DefaultOrdersPerSecond, TenantStatus.Active);
        await state.WriteOrUndoAsync(() => (state.State.Profile, state.State.Quota) = (null, null));
    }

    // Before the markets are asked: from its commit on, no order an earlier activation admitted can be journaled, so the
    // markets hold every order that ever will be (or have stored it), apart from this activation's own (migration 0015).
    private async Task BeginEpochAsync(CancellationToken cancellationToken) =>
        _epoch = await epochs.BeginEpochAsync(HolderEpoch.TenantHolder(this.GetPrimaryKeyString()), cancellationToken);

    // Bounded by what the tenant trades now, not by its history: the markets it holds orders in (one by one, from them and
    // from the order store), one spend sum for every other market, and the client order ids of the retention window.
    private async Task<TenantOrders> LoadOrdersAsync(TenantOrders target, CancellationToken cancellationToken)
    {
        var tenantId = this.GetPrimaryKeyString();
        string[] live = [.. (await AskMarketsAsync(target)).Select(h => h.MarketId)];
        target.Track(live);
        await foreach (var row in orders.ReadTenantOrdersInAsync(tenantId, live, cancellationToken))
        {
            Apply(target, row);
        }

        target.AddSpentElsewhere(await orders.ReadTenantSpendOutsideAsync(tenantId, live, cancellationToken));
        var since = clock.UtcNow - TimeSpan.FromHours(options.Value.ClientOrderIdRetentionHours);
        await foreach (var (clientOrderId, marketId) in orders.ReadTenantClientIdsSinceAsync(tenantId, since, cancellationToken))
        {
            target.RememberClientId(clientOrderId, marketId);
        }

        return target;
    }

    private static void Apply(TenantOrders target, OrderRow row) =>
        target.Apply(row.ClientOrderId, row.MarketId, (OrderSide)row.Side, (OrderKind)row.Kind, row.PriceMicros,
            row.PeriodStart, row.RemainingQuantity, row.FilledQuantity, row.FilledNotional);

    private TenantView View() => new(state.State.Profile!, state.State.Quota!, _orders.Usage());
}
