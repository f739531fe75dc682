using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Catalog;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Orders;
using Exchange.Storage.Reservations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Exchange.Grains.Markets;

/// <summary>
/// Hosts one market's engine. Every command is applied in arrival order, journaled with group commit,
/// and answered only once durable. Reentrant so that commands arriving during a write join the next
/// batch; every step between awaits is synchronous, so the book is never seen half-updated.
/// </summary>
[Reentrant]
public sealed class MarketGrain(
    MarketJournalStore store,
    JournalWriter writer,
    OrderArchive archive,
    IOptions<MarketOptions> options,
    FinishedOrders finished,
    IOptions<CatalogOptions> catalog,
    ExchangeClock clock,
    ILogger<MarketGrain> logger) : Grain, IMarketGrain, IRemindable
{
    private const string GateClosureReminder = "gate-closure";

    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(5);

    private MarketCore _core = null!;
    private JournalBatcher _batcher = null!;
    private SnapshotSchedule _snapshots = null!;
    private long _lastTimestamp;
    private IGrainTimer? _expiryTimer;
    private long _expiryTimerAt = long.MaxValue;
    private readonly FeedSubscribers _feed = new();
    private readonly Dictionary<string, ITenantGrain> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IClusterGrain> _clusters = new(StringComparer.Ordinal);

    // Tenants and clusters whose orders here this activation has recorded in holder_markets (or queued with a batch; a failed
    // batch ends the activation): only a first order per holder carries the record.
    private readonly HashSet<string> _recordedTenants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recordedClusters = new(StringComparer.Ordinal);

    // Finished, durable orders waiting for the order store; they leave memory once stored, never before, so every order is
    // always answered from one place or the other.
    private List<MarketOrder> _unstored = [];
    private bool _storing;
    private IGrainTimer? _storeRetry;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var marketId = this.GetPrimaryKeyString();
        var attributes = ConfiguredRules.Attributes(catalog.Value);
        var snapshot = await store.LoadLatestSnapshotAsync(marketId, cancellationToken);
        _core = MarketCore.RestoreOrStart(marketId, snapshot, ConfiguredRules.Of(options.Value, attributes),
            ex => MarketLog.SnapshotUnreadable(logger, marketId, snapshot!.Sequence, ex));
        var restoredAt = _core.LastSequence;
        _snapshots = new SnapshotSchedule(options.Value.SnapshotEveryCommands, restoredAt > 0 ? snapshot!.State.Length : 0);

        await foreach (var entry in store.ReadAsync(marketId, _core.LastSequence, cancellationToken))
        {
            var command = MarketCommandCodec.Decode(entry.Command);
            _core.Apply(entry.Sequence, command);
            _snapshots.Journaled(entry.Command.Length);
            _lastTimestamp = Math.Max(_lastTimestamp, command.Timestamp);
        }

        var head = await store.ReadHeadAsync(marketId, cancellationToken);
        if (head.LastJournalSequence != _core.LastSequence || head.LastAllocationSequence != _core.LastAllocationSequence
            || !head.LastAllocationHash.AsSpan().SequenceEqual(_core.LastAllocationHash))
        {
            throw new InvalidOperationException(
                $"Market {marketId}: replay ended at command {_core.LastSequence}, allocation {_core.LastAllocationSequence}, " +
                $"but the database holds {head.LastJournalSequence} and {head.LastAllocationSequence}.");
        }

        _batcher = new JournalBatcher(store, writer, marketId, _core.LastSequence, logger);
        MarketLog.Recovered(logger, marketId, restoredAt, _core.LastSequence);

        // Everything replayed is durable, so orders that finished during the replay go to the order store (again, perhaps: a
        // crash may have come between their storing and the snapshot) and leave memory once there.
        Store(_core.OrdersWhere(o => !o.IsOpen));

        if (!_core.IsClosed)
        {
            var untilClosure = _core.PeriodStart - clock.UtcNow;
            if (untilClosure <= TimeSpan.Zero)
            {
                // A market that never saw a command is empty and stays so: reading it must not write a journal.
                if (_core.LastSequence > 0)
                {
                    await CloseNow();
                }
            }
            else
            {
                // A reminder, not a timer: it is stored in PostgreSQL and fires even if this silo dies.
                await this.RegisterOrUpdateReminder(GateClosureReminder, untilClosure, TimeSpan.FromHours(1), cancellationToken);
            }
        }

        ScheduleExpiry();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<PlaceOrderResult> Place(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.TenantEpoch == 0 && !options.Value.AcceptUncheckedOrders)
        {
            return PlaceOrderResult.Rejected(RejectCode.UncheckedOrder);
        }

        if (_core.FindByClientId(request.TenantId, request.ClientOrderId) is { } existing)
        {
            return await Repeat(existing, request);
        }

        if (_core.MayHaveFinished(request.TenantId, request.ClientOrderId))
        {
            if (await finished.FindByClientIdAsync(_core.MarketId, request.TenantId, request.ClientOrderId) is { } row)
            {
                return await finished.IsRepeatAsync(row, request)
                    ? PlaceOrderResult.Accepted(await finished.ToStateAsync(row), repeated: true)
                    : PlaceOrderResult.Rejected(RejectCode.DuplicateClientOrderId);
            }

            // A fingerprint collision; but a twin of this request may have been placed while we looked.
            if (_core.FindByClientId(request.TenantId, request.ClientOrderId) is { } placedMeanwhile)
            {
                return await Repeat(placedMeanwhile, request);
            }
        }

        if (await CloseIfDue())
        {
            return PlaceOrderResult.Rejected(RejectCode.MarketClosed);
        }

        // Checked only now: a tenant's retry of a sell it placed before carries no cluster epoch, and is answered above.
        if (request.Side == OrderSide.Sell && request.Cluster is not { Epoch: > 0 } && !options.Value.AcceptUncheckedOrders)
        {
            return PlaceOrderResult.Rejected(RejectCode.UncheckedOrder);
        }

        var executed = await Execute(new PlaceCommand(NextTimestamp(), request));
        return executed.Outcome.Reject is { } reject
            ? PlaceOrderResult.Rejected(reject)
            : PlaceOrderResult.Accepted(executed.Subject!);
    }

    private async Task<PlaceOrderResult> Repeat(MarketOrder existing, OrderRequest request)
    {
        var state = await DurableState(existing);
        return OrderRequestContent.Same(existing.Request, request)
            ? PlaceOrderResult.Accepted(state, repeated: true)
            : PlaceOrderResult.Rejected(RejectCode.DuplicateClientOrderId);
    }

    public async Task<OrderState?> GetOrder(string tenantId, string orderId)
    {
        var order = Find(tenantId, orderId);
        if (order is null)
        {
            return await FindFinished(tenantId, orderId);
        }

        return await DurableState(order);
    }

    public Task<MarketHoldings> HoldingsOf(string tenantId) =>
        Holdings(o => o.Request.TenantId == tenantId);

    public Task<MarketHoldings> SellsOf(string clusterId) =>
        Holdings(o => o.Request.Cluster?.ClusterId == clusterId);

    // States taken now and answered once everything applied so far is durable, like every other answer.
    private async Task<MarketHoldings> Holdings(Func<MarketOrder, bool> belongs)
    {
        var states = _core.OrdersWhere(belongs).ConvertAll(o => o.ToState(_core.MarketId));
        var holdings = new MarketHoldings(_core.MarketId, _core.IsClosed, states);
        await Durable(_core.LastSequence);
        return holdings;
    }

    public async Task<AmendOrderResult> Cancel(string tenantId, string orderId)
    {
        var order = Find(tenantId, orderId);
        if (order is null)
        {
            // A finished order is returned unchanged; an unknown one (or another tenant's) is not found.
            var done = await FindFinished(tenantId, orderId);
            return new AmendOrderResult(done, done is null ? RejectCode.UnknownOrder : null);
        }

        var state = order.IsOpen
            ? (await Execute(new CancelCommand(NextTimestamp(), order.Sequence), order)).Subject
            : await DurableState(order);
        return new AmendOrderResult(state, null);
    }

    public async Task<AmendOrderResult> Reduce(string tenantId, string orderId, long newQuantity)
    {
        var order = Find(tenantId, orderId);
        if (order is null)
        {
            var done = await FindFinished(tenantId, orderId);
            return new AmendOrderResult(done, done is null ? RejectCode.UnknownOrder : RejectCode.OrderNotOpen);
        }

        if (!order.IsOpen)
        {
            return new AmendOrderResult(await DurableState(order), RejectCode.OrderNotOpen);
        }

        var executed = await Execute(new ReduceCommand(NextTimestamp(), order.Sequence, newQuantity), order);
        return new AmendOrderResult(executed.Subject, executed.Outcome.Reject);
    }

    public async Task<int> CancelCluster(string clusterId)
    {
        if (_core.OpenSellsOf(clusterId) == 0)
        {
            return 0;
        }

        var executed = await Execute(new CancelClusterCommand(NextTimestamp(), clusterId));
        return executed.Outcome.Touched.Count;
    }

    public async Task Close()
    {
        if (!_core.IsClosed)
        {
            await CloseNow();
        }
    }

    public async Task<MarketFeedUpdate> Subscribe(IMarketFeedObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _feed.Renew(observer, clock.UtcNow);
        var view = FeedView(_core.LastSequence, []);
        await Durable(_core.LastSequence);
        return view;
    }

    public Task Unsubscribe(IMarketFeedObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _feed.Remove(observer);
        return Task.CompletedTask;
    }

    public async Task<BookView> GetBook(int depth)
    {
        var book = _core.Depth(depth);
        await Durable(_core.LastSequence);
        return book;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != GateClosureReminder)
        {
            return;
        }

        await Close();
        var reminder = await this.GetReminder(GateClosureReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<bool> CloseIfDue()
    {
        if (!_core.IsClosed && clock.UtcNow >= _core.PeriodStart)
        {
            await CloseNow();
        }

        return _core.IsClosed;
    }

    private async Task CloseNow()
    {
        await Execute(new CloseCommand(NextTimestamp()));
        MarketLog.Closed(logger, _core.MarketId);
    }

    private async Task<OrderState?> FindFinished(string tenantId, string orderId)
    {
        if (!OrderIds.TryParse(orderId, out var marketId, out var sequence) || marketId != _core.MarketId || sequence > _core.LastSequence)
        {
            return null;
        }

        await Durable(_core.LastSequence);
        return await finished.FindAsync(_core.MarketId, tenantId, orderId);
    }

    private MarketOrder? Find(string tenantId, string orderId) =>
        OrderIds.TryParse(orderId, out var marketId, out var sequence) && marketId == _core.MarketId
            && _core.FindOrder(sequence) is { } order && order.Request.TenantId == tenantId
            ? order
            : null;

    /// <summary>
    /// Applies a command now, queues it for the next batch and waits until it is durable. Order states are
    /// taken before the wait: commands applied meanwhile are not durable yet, and nobody may hear of them.
    /// </summary>
    private async Task<ExecutedCommand> Execute(MarketCommand command, MarketOrder? subject = null)
    {
        if (_batcher.Fault is not null)
        {
            throw Unavailable(_batcher.Fault);
        }

        if (_core.Precheck(command) is { } refusal)
        {
            var current = subject is null ? null : await DurableState(subject);
            return new ExecutedCommand(new CommandOutcome(null, refusal, [], []), current);
        }

        var sequence = _core.LastSequence + 1;
        command = _core.PinFirst(command);
        var outcome = _core.Apply(sequence, command);
        var entry = new JournalEntry(sequence, MarketCommandCodec.Encode(command));
        var snapshot = _snapshots.Journaled(entry.Command.Length) ? TakeSnapshot() : null;

        var states = outcome.Touched.Select(o => o.ToState(_core.MarketId)).ToArray();

        // Which orders this command finished, decided now: a later command may finish another touched order before this one
        // is durable, and if that command's batch then failed, the store would keep an end that never happened. A finished
        // order never changes again, so storing it later stores this state.
        var finishedHere = outcome.Touched.Where(o => !o.IsOpen).ToList();
        var subjectState = (subject ?? outcome.Order)?.ToState(_core.MarketId);
        var feed = _feed.Any
            ? FeedView(sequence, [.. outcome.Allocations.Select(a => new PublicTrade(a.Sequence, a.PriceMicros, a.Quantity, a.MatchedAt))])
            : null;
        await Guard(_batcher.Append(
            entry, outcome.Allocations, snapshot, AdmissionEpochs.Of(command),
            NewHolders(command, outcome)));
        Notify(outcome.Touched, states);
        if (feed is not null)
        {
            _feed.Publish(feed, clock.UtcNow);
        }

        // Durable now: finished orders go to the order store, and leave memory once there, keeping snapshots to the live book.
        Store(finishedHere);
        ScheduleExpiry();
        return new ExecutedCommand(outcome, subjectState);
    }

    /// <summary>
    /// Captures the market now and writes the snapshot on the thread pool, off the market's turn: the capture is all that
    /// thread reads. The batcher saves it once the commands up to it are durable.
    /// </summary>
    private PendingSnapshot TakeSnapshot()
    {
        var capture = _core.CaptureSnapshot();
        var snapshot = new PendingSnapshot(capture.Sequence, Task.Run(capture.Write));
        _snapshots.Taken();
        _ = SizeScheduleAsync(snapshot);
        return snapshot;
    }

    // Back on the grain's scheduler, like every other use of the schedule. A failed write is reported here, once: the batcher
    // drops it, and so does a batch that fails or a later snapshot in the same batch.
    private async Task SizeScheduleAsync(PendingSnapshot snapshot)
    {
        try
        {
            _snapshots.Sized((await snapshot.State).Length);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MarketLog.SnapshotFailed(logger, _core.MarketId, snapshot.Sequence, ex);
        }
    }

    /// <summary>
    /// Hands finished, durable orders to the silo's order store, behind the journal and off the acknowledgement's path, then
    /// forgets them. One write at a time per market: what finishes meanwhile goes with the next. A failed write keeps them in
    /// memory (and in snapshots) and is tried again a few seconds later, or with the next finished order; until then the
    /// market answers for them.
    /// </summary>
    private void Store(IEnumerable<MarketOrder> finished)
    {
        _unstored.AddRange(finished);
        if (!_storing && _unstored.Count > 0)
        {
            _ = StoreUnstoredAsync();
        }
    }

    private async Task StoreUnstoredAsync()
    {
        _storing = true;
        try
        {
            while (_unstored.Count > 0)
            {
                var storing = _unstored;
                _unstored = [];
                try
                {
                    await archive.StoreAsync([.. storing.Select(o => OrderRows.Of(o, _core.MarketId, _core.PeriodStart))]);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Tried again soon even if no other order here finishes: a closed market runs no more commands.
                    MarketLog.OrderStoreFailed(logger, _core.MarketId, storing.Count, ex);
                    _unstored.InsertRange(0, storing);
                    _storeRetry?.Dispose();
                    _storeRetry = this.RegisterGrainTimer(() => { Store([]); return Task.CompletedTask; }, new GrainTimerCreationOptions(StoreRetry, Timeout.InfiniteTimeSpan));
                    return;
                }

                _core.EvictFinished(storing);
            }
        }
        finally
        {
            _storing = false;
        }
    }

    /// <summary>The tenant and cluster of an order placed now, if this activation has not yet recorded them as holders here.</summary>
    private IReadOnlyList<string> NewHolders(MarketCommand command, CommandOutcome outcome)
    {
        if (command is not PlaceCommand { Request: var request } || outcome.Order is null)
        {
            return [];
        }

        var tenantIsNew = _recordedTenants.Add(request.TenantId);
        var clusterIsNew = request.Cluster is { } seller && _recordedClusters.Add(seller.ClusterId);
        if (!tenantIsNew && !clusterIsNew)
        {
            return [];
        }

        var holders = new List<string>(2);
        if (tenantIsNew)
        {
            holders.Add(HolderEpoch.TenantHolder(request.TenantId));
        }

        if (clusterIsNew)
        {
            holders.Add(HolderEpoch.ClusterHolder(request.Cluster!.ClusterId));
        }

        return holders;
    }

    /// <summary>The public view right after command <paramref name="sequence"/>: its trades and the top of the book.</summary>
    private MarketFeedUpdate FeedView(long sequence, IReadOnlyList<PublicTrade> trades)
    {
        var top = _core.Depth(1);
        return new MarketFeedUpdate(_core.MarketId, sequence, _core.LastAllocationSequence, trades,
            new TopOfBook(top.Bids.Count > 0 ? top.Bids[0] : null, top.Asks.Count > 0 ? top.Asks[0] : null));
    }

    /// <summary>An order's state as of now, returned once everything applied so far is durable.</summary>
    private async Task<OrderState> DurableState(MarketOrder order)
    {
        var state = order.ToState(_core.MarketId);
        await Durable(_core.LastSequence);
        return state;
    }

    /// <summary>Tells each touched order's tenant (and a sell's cluster) how it stood after a now durable command; one-way, so never a wait.</summary>
    private void Notify(IReadOnlyList<MarketOrder> touched, OrderState[] states)
    {
        for (var i = 0; i < touched.Count; i++)
        {
            var order = touched[i];
            Reference(_tenants, order.Request.TenantId).OrderUpdated(states[i]).Ignore();
            if (order.Request.Cluster is { } cluster)
            {
                Reference(_clusters, cluster.ClusterId).OrderUpdated(states[i]).Ignore();
            }
        }
    }

    // Resolving a grain reference from a string key showed up at 5 % of the silo's CPU under load; a market talks to
    // the same few tenants and clusters over and over.
    private T Reference<T>(Dictionary<string, T> known, string key)
        where T : IGrainWithStringKey
    {
        if (!known.TryGetValue(key, out var grain))
        {
            grain = GrainFactory.GetGrain<T>(key);
            known[key] = grain;
        }

        return grain;
    }

    /// <summary>
    /// Arms a timer for the earliest GTD expiry, so a quiet market still expires orders on time (the engine
    /// expires them only when a command arrives). The expiry itself is a journaled tick, so replay agrees.
    /// </summary>
    private void ScheduleExpiry()
    {
        if (_core.IsClosed || _core.NextExpiry is not { } next || (_expiryTimer is not null && _expiryTimerAt <= next))
        {
            return;
        }

        _expiryTimer?.Dispose();
        _expiryTimerAt = next;
        var due = TimeSpan.FromMilliseconds(Math.Max(0, next - clock.UtcNow.ToUnixTimeMilliseconds()));
        _expiryTimer = this.RegisterGrainTimer(ExpireDue, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task ExpireDue()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        _expiryTimerAt = long.MaxValue;
        if (!_core.IsClosed && _core.NextExpiry is { } next && next <= clock.UtcNow.ToUnixTimeMilliseconds())
        {
            await Execute(new TickCommand(NextTimestamp()));
        }

        ScheduleExpiry();
    }

    private Task Durable(long sequence) => Guard(_batcher.WhenDurable(sequence));

    private async Task Guard(Task durable)
    {
        try
        {
            await durable;
        }
        catch (Exception ex) when (ex is not ExchangeUnavailableException)
        {
            // Memory is ahead of the journal now; only a fresh activation that replays it may serve again.
            DeactivateOnIdle();
            throw Unavailable(ex);
        }
    }

    // The cause stays in the log (JournalWriteFailed): its text can name other tenants' holders, sequences and the database.
    private ExchangeUnavailableException Unavailable(Exception cause) =>
        new($"Market {_core.MarketId} could not make the command durable ({cause.GetType().Name}).");

    private long NextTimestamp()
    {
        _lastTimestamp = Math.Max(_lastTimestamp, clock.UtcNow.ToUnixTimeMilliseconds());
        return _lastTimestamp;
    }
}
