using Exchange.Contracts.Clusters;
using Exchange.Markets.Clusters;
using Exchange.Storage.Clusters;

namespace Exchange.Grains.Clusters;

/// <summary>
/// A cluster grain's health: the status read from its journal (<see cref="ClusterHealthStore"/>, the status's one home)
/// and every change written there before it is taken, by the rules of <see cref="ClusterHealth"/>. A change another
/// activation journaled first wins: the keeper reads the journal again and the caller sees the status as it stands.
/// </summary>
internal sealed class ClusterHealthKeeper(string clusterId, ClusterHealthStore store)
{
    /// <summary>How many of the newest changes a cluster shows.</summary>
    public const int Shown = 20;

    private List<HealthChange> _recent = [];
    private ClusterStatus _unjournaled = ClusterStatus.Online;

    public ClusterStatus Status => _recent.Count > 0 ? _recent[0].Status : _unjournaled;

    /// <summary>When the status was taken; null for a cluster online since registration.</summary>
    public DateTimeOffset? Since => _recent.Count > 0 ? _recent[0].At : null;

    public IReadOnlyList<ClusterHealthChange> Recent => [.. _recent.Select(c => new ClusterHealthChange(c.At, c.Status, c.Cause, c.Reason, c.DeclaredBy))];

    /// <param name="onlineBeforeJournal">What a cluster stored before migration 0029 said of itself, for a cluster with no change journaled.</param>
    public async Task LoadAsync(bool onlineBeforeJournal, CancellationToken cancellationToken)
    {
        _unjournaled = onlineBeforeJournal ? ClusterStatus.Online : ClusterStatus.Offline;
        _recent = [.. await store.RecentAsync(clusterId, Shown, cancellationToken)];
    }

    /// <summary>Journals the move to <paramref name="status"/>; false when the journal had moved on (then the status is as stored).</summary>
    public async Task<bool> ChangeAsync(ClusterStatus status, HealthCause cause, string? reason, string? declaredBy, DateTimeOffset at)
    {
        var change = new HealthChange((_recent.Count > 0 ? _recent[0].Sequence : 0) + 1, at, status, cause, reason, declaredBy);
        if (await store.AppendAsync(clusterId, change, CancellationToken.None))
        {
            _recent.Insert(0, change);
            if (_recent.Count > Shown)
            {
                _recent.RemoveAt(Shown);
            }

            return true;
        }

        await LoadAsync(_unjournaled == ClusterStatus.Online, CancellationToken.None);
        return false;
    }

    /// <summary>
    /// The change silence, or a reading after a quiet spell of heartbeats, makes now: the status and cause to journal, or
    /// null. Readings are looked up only once heartbeats have been quiet for the wait, so a heartbeating cluster costs nothing.
    /// </summary>
    public async Task<(ClusterStatus Status, HealthCause Cause, string Reason)?> CheckAsync(
        DateTimeOffset lastHeartbeat, DateTimeOffset now, HealthTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        if (Status is not (ClusterStatus.Online or ClusterStatus.Suspect) || now - lastHeartbeat <= timings.SuspectAfter)
        {
            return null;
        }

        var lastSeen = lastHeartbeat;
        if (await store.LastReadingAsync(clusterId, CancellationToken.None) is { } readAt)
        {
            if (ClusterHealth.OnReading(Status, Since ?? DateTimeOffset.MinValue, readAt) is { } back)
            {
                return (back, HealthCause.Reading, $"reading received at {readAt:O}");
            }

            lastSeen = readAt > lastSeen ? readAt : lastSeen;
        }

        return ClusterHealth.AfterSilence(Status, lastSeen, now, timings) is { } next
            ? (next, HealthCause.Silent, $"no heartbeat or reading since {lastSeen:O}")
            : null;
    }
}
