using Exchange.Contracts.Markets;
using Exchange.Grains.Catalog;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Orders;
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
    private MarketCore _core = null!;
    private JournalBatcher _batcher = null!;
    private MarketDurability _durability = null!;
    private MarketSnapshots _snapshots = null!;
    private FinishedOrderStore _finishedStore = null!;
    private ClientOrderRepeats _repeats = null!;
    private GateClosure _gate = null!;
    private ExpiryAlarm _expiry = null!;
    private CommandClock _commandClock = null!;
    private OrderWatchers _watchers = null!;
    private readonly FeedSubscribers _feed = new();
    private readonly RecordedHolders _holders = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var marketId = this.GetPrimaryKeyString();
        var recovered = await RecoveredMarket.LoadAsync(
            store, marketId, ConfiguredRules.Of(options.Value, catalog.Value),
            options.Value.SnapshotEveryCommands, logger, cancellationToken);
        _core = recovered.Core;
        _batcher = new JournalBatcher(store, writer, marketId, _core.LastSequence, logger);
        _durability = new MarketDurability(_batcher, _core, DeactivateOnIdle);
        _snapshots = new MarketSnapshots(_core, recovered.Snapshots, logger);
        _finishedStore = new FinishedOrderStore(this, _core, archive, logger);
        _repeats = new ClientOrderRepeats(_core, finished, _durability);
        _gate = new GateClosure(this, _core, clock, CloseNow);
        _commandClock = new CommandClock(clock, recovered.LastTimestamp);
        _expiry = new ExpiryAlarm(this, _core, clock, () => Execute(new TickCommand(_commandClock.Next())));
        _watchers = new OrderWatchers(GrainFactory);

        // Everything replayed is durable, so orders that finished during the replay go to the order store (again, perhaps: a
        // crash may have come between their storing and the snapshot) and leave memory once there.
        _finishedStore.Store(_core.OrdersWhere(o => !o.IsOpen));
        await _gate.ArmAsync(cancellationToken);
        _expiry.Schedule();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<PlaceOrderResult> Place(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A re-allocation is admitted by the failover run against its parent's escrow, not by a tenant grain.
        var reallocation = request.ParentAllocationId is not null;
        request = reallocation ? ReallocationOrders.Fit(request, _core.Rules) : request;
        if (request.TenantEpoch == 0 && !reallocation && !options.Value.AcceptUncheckedOrders)
        {
            return PlaceOrderResult.Rejected(RejectCode.UncheckedOrder);
        }

        if (await _repeats.AnswerAsync(request) is { } repeated)
        {
            return repeated;
        }

        if (await _gate.CloseIfDueAsync() && !reallocation)
        {
            return PlaceOrderResult.Rejected(RejectCode.MarketClosed);
        }

        // Checked only now: a tenant's retry of a sell it placed before carries no cluster epoch, and is answered above.
        if (request.Side == OrderSide.Sell && request.Cluster is not { Epoch: > 0 } && !options.Value.AcceptUncheckedOrders)
        {
            return PlaceOrderResult.Rejected(RejectCode.UncheckedOrder);
        }

        var executed = await Execute(new PlaceCommand(_commandClock.Next(), request));
        return executed.Outcome.Reject is { } reject
            ? PlaceOrderResult.Rejected(reject)
            : PlaceOrderResult.Accepted(executed.Subject!);
    }

    public async Task<OrderState?> GetOrder(string tenantId, string orderId) =>
        Find(tenantId, orderId) is { } order ? await _durability.StateOf(order) : await FindFinished(tenantId, orderId);

    public Task<MarketHoldings> HoldingsOf(string tenantId) =>
        Holdings(o => o.Request.TenantId == tenantId);

    public Task<MarketHoldings> SellsOf(string clusterId) =>
        Holdings(o => o.Request.Cluster?.ClusterId == clusterId);

    // States taken now and answered once everything applied so far is durable, like every other answer.
    private async Task<MarketHoldings> Holdings(Func<MarketOrder, bool> belongs)
    {
        var states = _core.OrdersWhere(belongs).ConvertAll(o => o.ToState(_core.MarketId));
        var holdings = new MarketHoldings(_core.MarketId, _core.IsClosed, states);
        await _durability.AppliedSoFar();
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
            ? (await Execute(new CancelCommand(_commandClock.Next(), order.Sequence), order)).Subject
            : await _durability.StateOf(order);
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
            return new AmendOrderResult(await _durability.StateOf(order), RejectCode.OrderNotOpen);
        }

        var executed = await Execute(new ReduceCommand(_commandClock.Next(), order.Sequence, newQuantity), order);
        return new AmendOrderResult(executed.Subject, executed.Outcome.Reject);
    }

    public async Task<int> CancelCluster(string clusterId) =>
        _core.OpenSellsOf(clusterId) == 0 ? 0 : (await Execute(new CancelClusterCommand(_commandClock.Next(), clusterId))).Outcome.Touched.Count;

    public async Task Close()
    {
        if (!_core.IsClosed)
        {
            await _gate.CloseAsync();
        }
    }

    public async Task<MarketFeedUpdate> Subscribe(IMarketFeedObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _feed.Renew(observer, clock.UtcNow);
        var view = FeedSubscribers.View(_core, _core.LastSequence, []);
        await _durability.AppliedSoFar();
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
        await _durability.AppliedSoFar();
        return book;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == GateClosure.Reminder ? _gate.RemindedAsync() : Task.CompletedTask;

    private async Task CloseNow()
    {
        await Execute(new CloseCommand(_commandClock.Next()));
        MarketLog.Closed(logger, _core.MarketId);
    }

    private async Task<OrderState?> FindFinished(string tenantId, string orderId)
    {
        if (!OrderIds.TryParse(orderId, out var marketId, out var sequence) || marketId != _core.MarketId || sequence > _core.LastSequence)
        {
            return null;
        }

        await _durability.AppliedSoFar();
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
        _durability.ThrowIfFailed();
        if (_core.Precheck(command) is { } refusal)
        {
            var current = subject is null ? null : await _durability.StateOf(subject);
            return new ExecutedCommand(new CommandOutcome(null, refusal, [], []), current);
        }

        var sequence = _core.LastSequence + 1;
        command = _core.PinFirst(command);
        var outcome = _core.Apply(sequence, command);
        var entry = new JournalEntry(sequence, MarketCommandCodec.Encode(command));
        var snapshot = _snapshots.AfterJournaled(entry.Command.Length);
        var states = outcome.Touched.Select(o => o.ToState(_core.MarketId)).ToArray();

        // Which orders this command finished, decided now: a later command may finish another touched order before this one
        // is durable, and if that command's batch then failed, the store would keep an end that never happened. A finished
        // order never changes again, so storing it later stores this state.
        var finishedHere = outcome.Touched.Where(o => !o.IsOpen).ToList();
        var subjectState = (subject ?? outcome.Order)?.ToState(_core.MarketId);
        var feed = _feed.Any
            ? FeedSubscribers.View(_core, sequence, [.. outcome.Allocations.Select(a => new PublicTrade(a.Sequence, a.PriceMicros, a.Quantity, a.MatchedAt))])
            : null;
        await _durability.Guard(_batcher.Append(entry, outcome.Allocations, snapshot, AdmissionEpochs.Of(command), _holders.NewIn(command, outcome)));
        _watchers.Notify(outcome.Touched, states);
        if (feed is not null)
        {
            _feed.Publish(feed, clock.UtcNow);
        }

        // Durable now: finished orders go to the order store, and leave memory once there, keeping snapshots to the live book.
        _finishedStore.Store(finishedHere);
        _expiry.Schedule();
        return new ExecutedCommand(outcome, subjectState);
    }
}
