using Exchange.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Regulator;

/// <summary>
/// Moves the ledger's settled horizon forward at the configured interval, so regulators' pages reach up to a few
/// seconds ago. Every silo runs it; the horizon only ever moves forward, so they never disagree.
/// </summary>
public sealed partial class LedgerSettler(
    LedgerHorizon horizon, IOptions<RegulatorOptions> options, TimeProvider time, ILogger<LedgerSettler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var interval = TimeSpan.FromMilliseconds(settings.SettleIntervalMilliseconds);
        var bound = TimeSpan.FromMilliseconds(settings.SettleMilliseconds);
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Half an interval of slack: with several silos, the one that just moved it saves the others a round.
                var settlement = await horizon.SettleAsync(bound, interval / 2, stoppingToken);
                var skew = settlement.DatabaseClock == DateTimeOffset.MinValue ? TimeSpan.Zero : time.GetUtcNow() - settlement.DatabaseClock;
                if (skew.Duration() > bound / 4)
                {
                    // Matches are stamped with this silo's clock and judged against the database's: a silo running
                    // behind by the bound has every batch with allocations refused.
                    ClockSkewed(logger, skew.TotalMilliseconds, bound.TotalMilliseconds);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A horizon that stays put only delays what regulators see; no order waits for it.
                Failed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Settling the ledger horizon failed; the next round retries")]
    private static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning,
        Message = "This silo's clock is {SkewMs} ms off the database's; at {BoundMs} ms, batches with allocations are refused as behind the ledger's horizon")]
    private static partial void ClockSkewed(ILogger logger, double skewMs, double boundMs);
}
