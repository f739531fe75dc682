using Exchange.Storage.Regulator;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Regulator;

/// <summary>At the configured interval, signs each market's chain head that moved since its last checkpoint. Every silo runs it; duplicates are kept once.</summary>
public sealed partial class CheckpointPublisher(
    CheckpointStore store, LedgerSigner signer, IOptions<RegulatorOptions> options, TimeProvider time, ILogger<CheckpointPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.CheckpointSeconds)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await foreach (var (marketId, sequence, hash) in store.HeadsToCheckpointAsync(stoppingToken))
                {
                    await store.SaveAsync(await signer.SignAsync(marketId, sequence, hash, time.GetUtcNow(), stoppingToken), stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next round signs whatever this one missed; a checkpoint is never needed for an order to proceed.
                Failed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Signing ledger checkpoints failed; the next round retries")]
    private static partial void Failed(ILogger logger, Exception exception);
}
