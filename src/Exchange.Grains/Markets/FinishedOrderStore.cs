using Exchange.Markets;
using Exchange.Storage.Orders;
using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Markets;

/// <summary>
/// Hands a market's finished, durable orders to the order store, behind the journal and off the acknowledgement's path, then
/// forgets them. One write at a time per market: what finishes meanwhile goes with the next. A failed write keeps them in
/// memory (and in snapshots) and is tried again a few seconds later, or with the next finished order; until then the
/// market answers for them. They leave memory once stored, never before, so every order is always answered from one
/// place or the other.
/// </summary>
internal sealed class FinishedOrderStore(IGrainBase grain, MarketCore core, OrderArchive archive, ILogger logger)
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    private List<MarketOrder> _unstored = [];
    private bool _storing;
    private IGrainTimer? _retry;

    /// <summary>Queues orders that finished in durable commands; call on the grain's turn.</summary>
    public void Store(IEnumerable<MarketOrder> finished)
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
                    await archive.StoreAsync([.. storing.Select(o => OrderRows.Of(o, core.MarketId, core.PeriodStart))]);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Tried again soon even if no other order here finishes: a closed market runs no more commands.
                    MarketLog.OrderStoreFailed(logger, core.MarketId, storing.Count, ex);
                    _unstored.InsertRange(0, storing);
                    _retry?.Dispose();
                    _retry = grain.RegisterGrainTimer(() => { Store([]); return Task.CompletedTask; }, new GrainTimerCreationOptions(Retry, Timeout.InfiniteTimeSpan));
                    return;
                }

                core.EvictFinished(storing);
            }
        }
        finally
        {
            _storing = false;
        }
    }
}
