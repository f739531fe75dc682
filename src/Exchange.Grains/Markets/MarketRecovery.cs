using Exchange.Markets;
using Exchange.Storage.Journal;
using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Markets;

/// <summary>A market as its latest snapshot and the journal after it left it, checked against the database's chain head.</summary>
/// <param name="LastTimestamp">The latest command timestamp replayed, so new commands never go back in business time.</param>
internal sealed record RecoveredMarket(MarketCore Core, SnapshotSchedule Snapshots, long LastTimestamp)
{
    /// <summary>
    /// Restores the market from its latest snapshot (or starts it under <paramref name="startRules"/>), replays the journal
    /// after it, and refuses to go on when the replay does not end where the database's chain does.
    /// </summary>
    public static async Task<RecoveredMarket> LoadAsync(
        MarketJournalStore store, string marketId, MarketRules startRules, int snapshotEveryCommands, ILogger logger,
        CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadLatestSnapshotAsync(marketId, cancellationToken);
        var core = MarketCore.RestoreOrStart(marketId, snapshot, startRules,
            ex => MarketLog.SnapshotUnreadable(logger, marketId, snapshot!.Sequence, ex));
        var restoredAt = core.LastSequence;
        var snapshots = new SnapshotSchedule(snapshotEveryCommands, restoredAt > 0 ? snapshot!.State.Length : 0);

        var lastTimestamp = 0L;
        await foreach (var entry in store.ReadAsync(marketId, core.LastSequence, cancellationToken))
        {
            var command = MarketCommandCodec.Decode(entry.Command);
            core.Apply(entry.Sequence, command);
            snapshots.Journaled(entry.Command.Length);
            lastTimestamp = Math.Max(lastTimestamp, command.Timestamp);
        }

        var head = await store.ReadHeadAsync(marketId, cancellationToken);
        if (head.LastJournalSequence != core.LastSequence || head.LastAllocationSequence != core.LastAllocationSequence
            || !head.LastAllocationHash.AsSpan().SequenceEqual(core.LastAllocationHash))
        {
            throw new InvalidOperationException(
                $"Market {marketId}: replay ended at command {core.LastSequence}, allocation {core.LastAllocationSequence}, " +
                $"but the database holds {head.LastJournalSequence} and {head.LastAllocationSequence}.");
        }

        MarketLog.Recovered(logger, marketId, restoredAt, core.LastSequence);
        return new RecoveredMarket(core, snapshots, lastTimestamp);
    }
}
