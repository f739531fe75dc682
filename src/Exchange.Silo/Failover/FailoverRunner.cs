using Exchange.Contracts.Markets;
using Exchange.Grains.Failover;
using Exchange.Grains.Tenants;
using Exchange.Markets;
using Exchange.Storage.Failover;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Failover;

/// <summary>
/// Re-allocates what failed clusters still owed, on every silo at the configured pace (docs/failover.md). A run takes the
/// failures not taken yet (<see cref="FailoverStore.FindAsync"/>), sends each open failover's re-allocation bid to its
/// market, and ends the failovers whose bids are answered (<see cref="FailoverStore.FinishAsync"/>). A bid's client order
/// id follows from its parent, so a bid sent again, by this run after a failure or by another silo's, is answered with
/// its first outcome: nothing is re-allocated twice, and a run killed at any point is finished by the next.
/// </summary>
public sealed partial class FailoverRunner(
    FailoverStore store, IGrainFactory grains, IOptions<FailoverOptions> options, IOptions<TenantOptions> tenants, TimeProvider time,
    ILogger<FailoverRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var rules = new FailoverRules(settings.PenaltyBps, tenants.Value.BlockedJurisdictions);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(settings.RunMilliseconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int finished;
                do
                {
                    finished = await RunAsync(rules, settings, stoppingToken);
                }
                while (finished == settings.MaxPerRun);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // What a failed run wrote is whole (each step is one transaction); the next run goes on from it.
                Failed(logger, ex);
            }
        }
    }

    private async Task<int> RunAsync(FailoverRules rules, FailoverOptions settings, CancellationToken cancellationToken)
    {
        var found = await store.FindAsync(time.GetUtcNow(), rules, cancellationToken);
        if (found > 0)
        {
            Found(logger, found);
        }

        var open = await store.OpenAsync(settings.MaxPerRun, cancellationToken);
        if (open.Count == 0)
        {
            return 0;
        }

        // In slices, so the first replacements are funded (and deliver) while the rest are still bidding.
        var finished = 0;
        foreach (var slice in open.Chunk(Slice))
        {
            var answered = new List<string>(slice.Length);
            await Parallel.ForEachAsync(slice, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (failover, _) =>
                {
                    if (await BidAsync(failover))
                    {
                        lock (answered)
                        {
                            answered.Add(failover.ParentAllocationId);
                        }
                    }
                });
            var ended = await store.FinishAsync(answered, time.GetUtcNow(), cancellationToken);
            Finished(logger, ended, slice.Length - answered.Count);
            finished += ended;
        }

        return finished;
    }

    private const int Slice = 500;

    /// <summary>Sends the failover's bid; true once it is answered for good (filled, partly or not at all, or refused).</summary>
    private async Task<bool> BidAsync(OpenFailover failover)
    {
        if (failover.Sought == 0)
        {
            return true;
        }

        // Immediate or cancel: after gate closure the reserve book takes no new asks, so what it holds now is all there is.
        // The market fits it to its own tick and lot.
        var request = new OrderRequest(
            failover.BuyerId, ReallocationOrders.ClientOrderId(failover.ParentAllocationId, 1), OrderSide.Buy, OrderKind.Limit, failover.MaxPriceMicros,
            failover.Sought, OrderTimeInForce.Ioc, null, false, null, new BuyerConstraints(failover.Regions, failover.MinTier, failover.DataPolicies),
            failover.BuyerJurisdiction, ParentAllocationId: failover.ParentAllocationId);
        try
        {
            // The failed cluster's own reserve asks leave first, in case its withdrawal has not reached this market yet (its
            // silo died): a replacement must come from another cluster. Nothing happens when none rests.
            var market = grains.GetGrain<IMarketGrain>(failover.MarketId);
            await market.CancelCluster(failover.ClusterId);
            var result = await market.Place(request);
            if (result.RejectReason is { } reject)
            {
                Refused(logger, failover.ParentAllocationId, reject.WireName());
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, this bid waits for the next run; the answered ones are finished now.
            Unanswered(logger, failover.ParentAllocationId, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Failover found {Count} allocations of failed clusters to re-allocate")]
    private static partial void Found(ILogger logger, int count);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Debug, Message = "Failover finished {Finished} re-allocations; {Unanswered} bids wait for their market")]
    private static partial void Finished(ILogger logger, int finished, int unanswered);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Information, Message = "The re-allocation of {AllocationId} was refused ({Reason}); its remainder is refunded")]
    private static partial void Refused(ILogger logger, string allocationId, string reason);

    [LoggerMessage(EventId = 4404, Level = LogLevel.Warning, Message = "The re-allocation bid of {AllocationId} got no answer; the next run sends it again")]
    private static partial void Unanswered(ILogger logger, string allocationId, Exception exception);

    [LoggerMessage(EventId = 4405, Level = LogLevel.Error, Message = "A failover run failed; the next one goes on from what it finished")]
    private static partial void Failed(ILogger logger, Exception exception);
}
