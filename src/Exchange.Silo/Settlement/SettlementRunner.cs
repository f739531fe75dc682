using Exchange.Grains.Catalog;
using Exchange.Grains.Settlement;
using Exchange.Markets.Settlement;
using Exchange.Storage.Settlement;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Settlement;

/// <summary>
/// Runs settlement on every silo at the configured pace. Runs take turns under the ledger's writer lock and each is
/// one transaction, so any number of silos, or one killed midway, settle every step exactly once. While a run finds
/// more due than it may take, the next follows at once.
/// </summary>
public sealed partial class SettlementRunner(
    SettlementStore store, IOptions<SettlementOptions> options, IOptions<CatalogOptions> catalog, TimeProvider time, ILogger<SettlementRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var configuration = new SettlementConfiguration(settings.Terms, settings.Schedule,
            catalog.Value.Models.ToDictionary(m => m.Id, m => m.Weights.ToWeights(), StringComparer.Ordinal));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(settings.RunMilliseconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                SettlementRunResult result;
                do
                {
                    result = await store.RunAsync(time.GetUtcNow(), configuration, settings.MaxStepsPerRun, stoppingToken);
                    if (result.RunId != 0)
                    {
                        Ran(logger, result.RunId, result.Funded, result.Settled, result.Closed);
                    }
                }
                while (result.Settled == settings.MaxStepsPerRun);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A run that failed wrote nothing; the next one starts from the same place.
                Failed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug, Message = "Settlement run {RunId}: {Funded} funded, {Settled} intervals settled, {Closed} closed")]
    private static partial void Ran(ILogger logger, long runId, int funded, int settled, int closed);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error, Message = "A settlement run failed; the next one retries")]
    private static partial void Failed(ILogger logger, Exception exception);
}
