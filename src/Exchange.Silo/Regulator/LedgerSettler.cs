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
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(50, settings.SettleIntervalMilliseconds)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await horizon.SettleAsync(TimeSpan.FromMilliseconds(settings.SettleMilliseconds), stoppingToken);
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
}
