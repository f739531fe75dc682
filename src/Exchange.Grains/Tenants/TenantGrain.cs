using Exchange.Contracts;
using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Grains.Reservations;
using Exchange.Markets;
using Exchange.Storage.Ledger;
using Exchange.Storage.Orders;
using Exchange.Storage.Reservations;
using Exchange.Storage.Settlement;
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
    LedgerStore ledger,
    ExchangeClock clock) : Grain, ITenantGrain
{
    private readonly TenantOrders _orders = new();
    private readonly PlacementsInFlight _inflight = new();
    private readonly TenantAdmission _admission = new(options.Value, markets.Value, clock);
    private ReservationHolder _holder = null!;
    private TenantOrderSources _sources = null!;
    private OrderSender _sender = null!;
    private Task? _creating;
    private decimal _deposited;

    /// <summary>The tenant's profile once it is stored; null before, and while its creation is still being written.</summary>
    private TenantProfile? Profile => _creating is null ? state.State.Profile : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var tenantId = this.GetPrimaryKeyString();
        _holder = ReservationHolder.ForTenant(tenantId, epochs, holderMarkets);
        _sources = new TenantOrderSources(tenantId, orders, options.Value, clock);
        _sender = new OrderSender(GrainFactory, _orders, clock);
        if (state.State.Profile is not null)
        {
            // The epoch before the markets are asked (ReservationHolder).
            await _holder.BeginEpochAsync(cancellationToken);
            await _sources.LoadAsync(_orders, _holder, cancellationToken);
            _deposited = await ledger.NetDepositsAsync(tenantId, cancellationToken);
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
            await PlacementsInFlight.Settled(pending);
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

        request = request with { TenantId = profile.Id, Jurisdiction = profile.Jurisdiction, TenantEpoch = _holder.Epoch };
        var market = GrainFactory.GetGrain<IMarketGrain>(marketId);

        // A retry while an earlier attempt is still on its way waits for it, then answers as a retry of a finished attempt.
        await _inflight.WaitForAsync(request.ClientOrderId);

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
            return await _inflight.Track(request.ClientOrderId, _sender.SendAsync(profile.Id, market, unanswered));
        }

        if (listing.Find(marketId) is not { } listed)
        {
            return PlaceOrderResult.Rejected(RejectCode.UnknownMarket);
        }

        if (!listed.Open)
        {
            return PlaceOrderResult.Rejected(RejectCode.MarketClosed);
        }

        if (_admission.Check(profile, quota, marketId, request, _orders, _deposited) is { } refusal)
        {
            return PlaceOrderResult.Rejected(refusal);
        }

        var parsed = MarketId.TryParse(marketId, out var id) ? id.Value : throw new ArgumentException("Invalid market id.", nameof(marketId));
        _orders.AddPending(request.ClientOrderId, parsed, request.Side, _admission.ReservePrice(request), request.Quantity);
        return await _inflight.Track(request.ClientOrderId, _sender.SendAsync(profile.Id, market, request));
    }

    public async Task<TenantView?> RefreshDeposits()
    {
        if (Profile is null)
        {
            return null;
        }

        _deposited = await ledger.NetDepositsAsync(this.GetPrimaryKeyString(), CancellationToken.None);
        return View();
    }

    public Task OrderUpdated(OrderState order)
    {
        ArgumentNullException.ThrowIfNull(order);
        _orders.Apply(order);
        return Task.CompletedTask;
    }

    private void StartReconciling()
    {
        var every = TimeSpan.FromSeconds(options.Value.ReconcileSeconds);
        this.RegisterGrainTimer(Reconcile, new GrainTimerCreationOptions(every, every) { KeepAlive = false, Interleave = true });
    }

    // Merges rather than replaces, so reservations of orders still on their way to a market survive. An unanswered
    // placement that no state confirmed within the lease never came to exist. Deposits are read again too: a silo
    // that died between an operator's transfer and telling this grain leaves it behind for one round at most.
    private async Task Reconcile()
    {
        var now = clock.UtcNow;
        await _holder.ReconcileAsync(_orders, () => _sources.MergeRecentAsync(_orders, now),
            now - TimeSpan.FromSeconds(options.Value.ReservationLeaseSeconds));
        _deposited = await ledger.NetDepositsAsync(this.GetPrimaryKeyString(), CancellationToken.None);
    }

    // Nothing a failed write would leave behind may answer for the tenant: a retry would take it for the stored tenant.
    private async Task StoreAsync(TenantProfile profile)
    {
        await _holder.BeginEpochAsync(CancellationToken.None);
        var defaults = options.Value;
        state.State.Profile = profile with { Id = this.GetPrimaryKeyString() };
        state.State.Quota = new TenantQuota(defaults.DefaultCreditLimit, defaults.DefaultMaxTokensPerPeriod,
            defaults.DefaultMaxOpenOrders, defaults.DefaultOrdersPerSecond, TenantStatus.Active);
        await state.WriteOrUndoAsync(() => (state.State.Profile, state.State.Quota) = (null, null));
    }

    private TenantView View() => new(state.State.Profile!, state.State.Quota!, _orders.Usage() with { Deposited = _deposited });
}
