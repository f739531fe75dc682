using Exchange.Contracts;
using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Markets;
using Exchange.Grains.Reservations;
using Exchange.Markets;
using Exchange.Markets.Clusters;
using Exchange.Storage.Clusters;
using Exchange.Storage.Reservations;
using Exchange.Storage.Orders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exchange.Grains.Clusters;

/// <summary>
/// One GPU cluster: registration and health persisted, capacity use rebuilt on activation from the markets
/// holding its sells (recorded with the journal in <c>holder_markets</c>) and the order store, and kept
/// current by the markets' order updates. Not reentrant: reservations are checked and
/// taken one at a time, so two sell orders can never both squeeze into the last free capacity. Each activation
/// takes a new cluster epoch before it asks the markets, and its sells carry it: a sell an earlier activation
/// reserved can then no longer be journaled unseen (migration 0015).
/// </summary>
public sealed class ClusterGrain(
    [PersistentState("cluster")] IPersistentState<ClusterState> state,
    OrderQueries orders,
    ReservationEpochStore epochs,
    HolderMarkets holderMarkets,
    ClusterHealthStore healthStore,
    IOptions<MarketOptions> markets,
    IOptions<ClusterHealthOptions> health,
    ExchangeClock clock,
    ILogger<ClusterGrain> logger) : Grain, IClusterGrain, IRemindable
{
    private const string HealthReminder = "cluster-health";

    private CapacityBook? _capacity;
    private ReservationHolder _holder = null!;
    private ClusterHealthKeeper _health = null!;
    private DateTimeOffset _activatedAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var clusterId = this.GetPrimaryKeyString();
        _holder = ReservationHolder.ForCluster(clusterId, epochs, holderMarkets);
        _health = new ClusterHealthKeeper(clusterId, healthStore, () => AskWithdrawal.WithdrawAsync(GrainFactory, _holder, _capacity, clusterId, logger),
            () => _capacity?.MarketsWithOffers().Any() == true, logger);
        _activatedAt = clock.UtcNow;
        if (state.State.Registration is { } registration)
        {
            await _health.LoadAsync(state.State.Online, state.State.LastHeartbeat, cancellationToken);
            await LoadCapacityAsync(registration, cancellationToken);
            StartHealthChecks();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<Creation<ClusterView>> Register(ClusterRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var created = state.State.Registration is null;
        if (state.State.Registration is { } existing)
        {
            if (!existing.SaysTheSameAs(registration))
            {
                return new(null, Created: false);
            }

            if (_capacity is null)
            {
                // This activation stored the registration, then failed before its capacity was loaded.
                await LoadCapacityAsync(existing, CancellationToken.None);
                StartHealthChecks();
            }
        }
        else
        {
            state.State.Registration = registration;
            state.State.Online = true;
            state.State.LastHeartbeat = clock.UtcNow;
            await state.WriteOrUndoAsync(() => state.State = new ClusterState());

            await LoadCapacityAsync(registration, CancellationToken.None);
            StartHealthChecks();
        }

        // Also on a repeat: a crash between the two writes is healed by the provider's retry.
        await GrainFactory.GetGrain<ITenantGrain>(registration.ProviderId).AddCluster(registration.ClusterId);
        return new(View(), created);
    }

    public Task<ClusterView?> Get() => Task.FromResult(state.State.Registration is null ? null : View());

    public async Task<ClusterView?> Heartbeat(bool healthy)
    {
        if (state.State.Registration is null || !ClusterHealth.Accepts(_health.Status))
        {
            return state.State.Registration is null ? null : View();
        }

        state.State.LastHeartbeat = clock.UtcNow;
        await state.WriteStateAsync();
        if (ClusterHealth.OnHeartbeat(_health.Status, healthy) is { } next)
        {
            await _health.ChangeAsync(next, HealthCause.Heartbeat, healthy ? "healthy heartbeat" : "unhealthy heartbeat", null, clock.UtcNow);
        }

        return View();
    }

    public async Task<ClusterView?> Fail(string declaredBy, string reason)
    {
        if (state.State.Registration is null)
        {
            return null;
        }

        await _health.DeclareFailedAsync(declaredBy, reason, clock.UtcNow);
        return View();
    }

    public Task<CapacityReservation> Reserve(string providerId, string marketId, string clientOrderId, long quantity)
    {
        if (state.State.Registration is not { } registration || registration.ProviderId != providerId || _capacity is null)
        {
            return Rejected(RejectCode.UnknownCluster);
        }

        if (ClusterHealth.Refusal(_health.Status) is { } refusal)
        {
            return Rejected(refusal);
        }

        if (!MarketId.TryParse(marketId, out var market))
        {
            return Rejected(RejectCode.UnknownMarket);
        }

        if (!_capacity.Serves(market.Value.Model))
        {
            return Rejected(RejectCode.ModelNotServed);
        }

        if (quantity <= 0 || !_capacity.TryReserve(OrderKeys.For(providerId, clientOrderId), market.Value, quantity, clock.UtcNow))
        {
            return Rejected(RejectCode.CapacityExceeded);
        }

        return Task.FromResult(new CapacityReservation(
            new SellerCluster(registration.ClusterId, registration.Region, registration.Tier, registration.DataPolicies, _holder.Epoch), null));
    }

    public Task Release(string providerId, string clientOrderId)
    {
        _capacity?.Release(OrderKeys.For(providerId, clientOrderId));
        return Task.CompletedTask;
    }

    public Task OrderUpdated(OrderState order)
    {
        ArgumentNullException.ThrowIfNull(order);
        _capacity?.Apply(order);
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == HealthReminder)
        {
            await CheckHealth();
        }
    }

    // The epoch first (ReservationHolder), then the markets, then the order store.
    private async Task LoadCapacityAsync(ClusterRegistration registration, CancellationToken cancellationToken)
    {
        await _holder.BeginEpochAsync(cancellationToken);
        var capacity = new CapacityBook(registration, markets.Value.Period);
        await _holder.AskMarketsAsync(capacity, cancellationToken);
        await MergeOrdersAsync(capacity, cancellationToken);
        _capacity = capacity;
    }

    // Orders that became durable are confirmed by the merge; a reservation still unconfirmed after its lease belongs to
    // an order that never came to exist (its caller died before releasing it), so its capacity is given back. Health is
    // read again too, and asks still resting on a cluster that is not online are withdrawn (ClusterHealthKeeper).
    private async Task Reconcile()
    {
        await _health.HealAsync(state.State.Online, state.State.LastHeartbeat);
        if (_capacity is { } capacity)
        {
            await _holder.ReconcileAsync(capacity, () => MergeOrdersAsync(capacity, CancellationToken.None),
                clock.UtcNow - TimeSpan.FromSeconds(health.Value.ReservationLeaseSeconds));
        }
    }

    // Merges (monotonic per order), so reservations of sells still on their way to a market survive; heals an order
    // update lost in a crash, such as a sell that became durable after its caller gave up and released its capacity.
    private async Task MergeOrdersAsync(CapacityBook capacity, CancellationToken cancellationToken)
    {
        var from = clock.UtcNow - markets.Value.Period;
        await foreach (var row in orders.ReadClusterOrdersAsync(this.GetPrimaryKeyString(), from, cancellationToken))
        {
            capacity.Apply(OrderKeys.For(row.TenantId, row.ClientOrderId), row.MarketId, row.RemainingQuantity, row.FilledQuantity);
        }
    }

    private void StartHealthChecks()
    {
        var interval = TimeSpan.FromSeconds(health.Value.CheckIntervalSeconds);
        this.RegisterGrainTimer(CheckHealth, new GrainTimerCreationOptions(interval, interval) { KeepAlive = false });
        var every = TimeSpan.FromSeconds(health.Value.ReconcileSeconds);
        this.RegisterGrainTimer(Reconcile, new GrainTimerCreationOptions(every, every) { KeepAlive = false });

        // The timer dies with the activation; the stored reminder wakes the grain up to check anyway.
        _ = this.RegisterOrUpdateReminder(HealthReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    // Silence counts from no earlier than this activation: while no silo could hear the cluster, it was not silent.
    private Task CheckHealth() => _health.CheckAsync(
        state.State.LastHeartbeat is { } beat && beat > _activatedAt ? beat : _activatedAt, clock.UtcNow, health.Value.Timings);

    private ClusterView View() => new(
        state.State.Registration!, _health.Status, state.State.LastHeartbeat, _capacity?.Periods() ?? [], _health.Since, _health.Recent);

    private static Task<CapacityReservation> Rejected(RejectCode reason) => Task.FromResult(new CapacityReservation(null, reason));

}
