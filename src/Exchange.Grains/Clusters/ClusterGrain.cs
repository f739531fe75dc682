using Exchange.Contracts;
using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Markets;
using Exchange.Grains.Reservations;
using Exchange.Markets;
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
    IOptions<MarketOptions> markets,
    IOptions<ClusterHealthOptions> health,
    ExchangeClock clock,
    ILogger<ClusterGrain> logger) : Grain, IClusterGrain, IRemindable
{
    private const string HealthReminder = "cluster-health";

    private CapacityBook? _capacity;
    private ReservationHolder _holder = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _holder = ReservationHolder.ForCluster(this.GetPrimaryKeyString(), epochs, holderMarkets);
        if (state.State.Registration is { } registration)
        {
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
            if (!SameRegistration(existing, registration))
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
        if (state.State.Registration is null)
        {
            return null;
        }

        state.State.LastHeartbeat = clock.UtcNow;
        if (!healthy)
        {
            await GoOffline("unhealthy heartbeat");
            return View();
        }

        if (!state.State.Online)
        {
            state.State.Online = true;
            ClusterLog.BackOnline(logger, this.GetPrimaryKeyString());
        }

        await state.WriteStateAsync();
        return View();
    }

    public Task<CapacityReservation> Reserve(string providerId, string marketId, string clientOrderId, long quantity)
    {
        if (state.State.Registration is not { } registration || registration.ProviderId != providerId || _capacity is null)
        {
            return Rejected(RejectCode.UnknownCluster);
        }

        if (!state.State.Online)
        {
            return Rejected(RejectCode.ClusterOffline);
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
            await CheckHeartbeat();
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
    // an order that never came to exist (its caller died before releasing it), so its capacity is given back.
    private Task Reconcile() => _capacity is { } capacity
        ? _holder.ReconcileAsync(capacity, () => MergeOrdersAsync(capacity, CancellationToken.None),
            clock.UtcNow - TimeSpan.FromSeconds(health.Value.ReservationLeaseSeconds))
        : Task.CompletedTask;

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
        this.RegisterGrainTimer(CheckHeartbeat, new GrainTimerCreationOptions(interval, interval) { KeepAlive = false });
        var every = TimeSpan.FromSeconds(health.Value.ReconcileSeconds);
        this.RegisterGrainTimer(Reconcile, new GrainTimerCreationOptions(every, every) { KeepAlive = false });

        // The timer dies with the activation; the stored reminder wakes the grain up to check anyway.
        _ = this.RegisterOrUpdateReminder(HealthReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task CheckHeartbeat()
    {
        var silentFor = clock.UtcNow - (state.State.LastHeartbeat ?? DateTimeOffset.MinValue);
        if (state.State.Online && silentFor > TimeSpan.FromSeconds(health.Value.HeartbeatTimeoutSeconds))
        {
            await GoOffline($"no heartbeat for {silentFor.TotalSeconds:0} s");
        }
    }

    private async Task GoOffline(string reason)
    {
        var clusterId = this.GetPrimaryKeyString();
        state.State.Online = false;
        await state.WriteStateAsync();

        // A sell reserved while online may still be on its way to its market, and would rest there after the markets below
        // cancelled this cluster's offers. A new epoch first: once it commits, no sell reserved under the old one can be
        // journaled (migration 0015), and those that were journaled before are in the markets the cancel reaches.
        // The cancel goes out even if the epoch cannot be taken now (the database did not answer): the resting offers matter more.
        try
        {
            await _holder.BeginEpochAsync(CancellationToken.None);
        }
        finally
        {
            var withOffers = _capacity?.MarketsWithOffers().ToArray() ?? [];
            ClusterLog.WentOffline(logger, clusterId, reason, withOffers.Length);
            await Task.WhenAll(withOffers.Select(m => GrainFactory.GetGrain<IMarketGrain>(m).CancelCluster(clusterId)));
        }
    }

    private ClusterView View() => new(
        state.State.Registration!, state.State.Online, state.State.LastHeartbeat, _capacity?.Periods() ?? []);

    private static Task<CapacityReservation> Rejected(RejectCode reason) => Task.FromResult(new CapacityReservation(null, reason));

    private static bool SameRegistration(ClusterRegistration a, ClusterRegistration b) =>
        a.ClusterId == b.ClusterId && a.ProviderId == b.ProviderId && a.Region == b.Region && a.Accelerator == b.Accelerator
        && a.GpuCount == b.GpuCount && a.Tier == b.Tier && a.DataPolicies.SequenceEqual(b.DataPolicies)
        && a.Models.Select(m => (m.Model, m.TokensPerSecond)).SequenceEqual(b.Models.Select(m => (m.Model, m.TokensPerSecond)));
}
