using Exchange.Markets;
using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Markets;

/// <summary>
/// Takes a market's snapshots when its <see cref="SnapshotSchedule"/> says so: captures the state on the market's turn and
/// writes its bytes on the thread pool, off that turn (the capture is all that thread reads). The batcher saves a snapshot
/// once the commands up to it are durable.
/// </summary>
internal sealed class MarketSnapshots(MarketCore core, SnapshotSchedule schedule, ILogger logger)
{
    /// <summary>Counts a journaled command; the snapshot to save with its batch when one is due after it, else null.</summary>
    public PendingSnapshot? AfterJournaled(int commandBytes)
    {
        if (!schedule.Journaled(commandBytes))
        {
            return null;
        }

        var capture = core.CaptureSnapshot();
        var snapshot = new PendingSnapshot(capture.Sequence, Task.Run(capture.Write));
        schedule.Taken();
        _ = SizeScheduleAsync(snapshot);
        return snapshot;
    }

    // Back on the grain's scheduler, like every other use of the schedule. A failed write is reported here, once: the batcher
    // drops it, and so does a batch that fails or a later snapshot in the same batch.
    private async Task SizeScheduleAsync(PendingSnapshot snapshot)
    {
        try
        {
            schedule.Sized((await snapshot.State).Length);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MarketLog.SnapshotFailed(logger, core.MarketId, snapshot.Sequence, ex);
        }
    }
}
