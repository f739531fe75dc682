using Exchange.Contracts.Clusters;
using Exchange.Markets.Clusters;
using Exchange.Storage.Clusters;
using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Clusters;

/// <summary>
/// A cluster grain's health: the status read from its journal (<see cref="ClusterHealthStore"/>, the status's one home)
/// and every change written there before it is taken, by the rules of <see cref="ClusterHealth"/>. Leaving online
/// withdraws the cluster's asks (<paramref name="withdraw"/>); as a cancel can fail after its change was journaled, and
/// another activation may have journaled a change this one missed, <see cref="HealAsync"/> reads the journal again and
/// withdraws what still rests while the cluster is not online.
/// </summary>
internal sealed class ClusterHealthKeeper(string clusterId, ClusterHealthStore store, Func<Task> withdraw, Func<bool> hasOffers, ILogger logger)
{
    /// <summary>How many of the newest changes a cluster shows.</summary>
    public const int Shown = 20;

    private const int DeclareAttempts = 3;

    private List<HealthChange> _recent = [];
    private (ClusterStatus Status, DateTimeOffset? Since) _unjournaled = (ClusterStatus.Online, null);

    public ClusterStatus Status => _recent.Count > 0 ? _recent[0].Status : _unjournaled.Status;

    /// <summary>When the status was taken; null for a cluster online since registration.</summary>
    public DateTimeOffset? Since => _recent.Count > 0 ? _recent[0].At : _unjournaled.Since;

    public IReadOnlyList<ClusterHealthChange> Recent => [.. _recent.Select(c => new ClusterHealthChange(c.At, c.Status, c.Cause, c.Reason, c.DeclaredBy))];

    /// <summary>
    /// Reads the journal. A cluster with no change journaled is as its grain state said before migration 0029: online, or
    /// else it had gone quiet or sent an unhealthy heartbeat, both taken for suspect since its last heartbeat (a
    /// heartbeat of either kind then puts it right).
    /// </summary>
    public async Task LoadAsync(bool onlineBeforeJournal, DateTimeOffset? lastHeartbeat, CancellationToken cancellationToken)
    {
        _unjournaled = onlineBeforeJournal ? (ClusterStatus.Online, null) : (ClusterStatus.Suspect, lastHeartbeat);
        await ReadJournalAsync(cancellationToken);
    }

    /// <summary>Reads the journal again and withdraws the asks that still rest while the cluster is not online.</summary>
    public async Task HealAsync(bool onlineBeforeJournal, DateTimeOffset? lastHeartbeat)
    {
        await LoadAsync(onlineBeforeJournal, lastHeartbeat, CancellationToken.None);
        if (ClusterHealth.Withdraws(Status) && hasOffers())
        {
            await withdraw();
        }
    }

    /// <summary>
    /// Journals the move to <paramref name="status"/>, then withdraws the asks if it leaves online; false when the journal
    /// had moved on (the status is then as stored).
    /// </summary>
    public async Task<bool> ChangeAsync(ClusterStatus status, HealthCause cause, string reason, string? declaredBy, DateTimeOffset at)
    {
        var change = new HealthChange((_recent.Count > 0 ? _recent[0].Sequence : 0) + 1, at, status, cause, reason, declaredBy);
        if (!await store.AppendAsync(clusterId, change, CancellationToken.None))
        {
            await ReadJournalAsync(CancellationToken.None);
            return false;
        }

        _recent.Insert(0, change);
        if (_recent.Count > Shown)
        {
            _recent.RemoveAt(Shown);
        }

        if (status == ClusterStatus.Failed)
        {
            ClusterLog.Failed(logger, clusterId, reason);
        }
        else
        {
            ClusterLog.HealthChanged(logger, clusterId, status.WireName(), reason);
        }

        if (ClusterHealth.Withdraws(status))
        {
            await withdraw();
        }

        return true;
    }

    /// <summary>
    /// Declares the cluster failed, again when another activation's change took the journal's next place first; on a
    /// cluster failed already it withdraws what still rests, so a retried declaration heals a withdrawal that failed.
    /// </summary>
    public async Task DeclareFailedAsync(string declaredBy, string reason, DateTimeOffset at)
    {
        var journaled = false;
        for (var attempt = 0; attempt < DeclareAttempts && ClusterHealth.Accepts(Status); attempt++)
        {
            journaled = await ChangeAsync(ClusterStatus.Failed, HealthCause.Declared, reason, declaredBy, at);
        }

        // A change this call journaled withdrew the asks itself; a failure found journaled (before, or by another activation) is healed here.
        if (!journaled && Status == ClusterStatus.Failed && hasOffers())
        {
            await withdraw();
        }
    }

    /// <summary>
    /// Journals the change silence, or a reading after a quiet spell of heartbeats, makes now. <paramref name="lastHeard"/>
    /// is the newest heartbeat, or when the grain could first hear one (its activation). Readings are looked up only for a
    /// suspect cluster (one may bring it back) or when the heartbeats alone would change the status, so a heartbeating
    /// cluster costs the database nothing.
    /// </summary>
    public async Task CheckAsync(DateTimeOffset lastHeard, DateTimeOffset now, HealthTimings timings)
    {
        var since = Since ?? DateTimeOffset.MinValue;
        if (Status != ClusterStatus.Suspect && ClusterHealth.AfterSilence(Status, since, lastHeard, now, timings) is null)
        {
            return;
        }

        if (await store.LastReadingAsync(clusterId, CancellationToken.None) is { } readAt)
        {
            if (ClusterHealth.OnReading(Status, since, readAt) is { } back)
            {
                await ChangeAsync(back, HealthCause.Reading, $"reading received at {readAt:O}", null, now);
                return;
            }

            lastHeard = readAt > lastHeard ? readAt : lastHeard;
        }

        if (ClusterHealth.AfterSilence(Status, since, lastHeard, now, timings) is { } next)
        {
            await ChangeAsync(next, HealthCause.Silent, $"no heartbeat or reading since {lastHeard:O}", null, now);
        }
    }

    private async Task ReadJournalAsync(CancellationToken cancellationToken) =>
        _recent = [.. await store.RecentAsync(clusterId, Shown, cancellationToken)];
}
