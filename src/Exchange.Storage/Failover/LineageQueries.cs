using Exchange.Markets;
using Exchange.Storage.Ledger;
using Npgsql;

namespace Exchange.Storage.Failover;

/// <summary>One allocation of a lineage: what failover made it from (null for the trade at its root), the cover its parent's
/// failed provider paid into it, and the penalty its own provider paid when its cluster failed.</summary>
public sealed record LineageNode(AllocationRecord Allocation, decimal Cover, decimal Penalty);

/// <summary>Reads the tree an allocation became through failovers: up to its root, then every replacement below, by parent.</summary>
public sealed class LineageQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The whole lineage of the allocation, root first then by depth and chain order; null when there is no such allocation.</summary>
    public async Task<IReadOnlyList<LineageNode>?> ReadAsync(string allocationId, CancellationToken cancellationToken)
    {
        var allocations = new AllocationQueries(dataSource);
        if (await allocations.FindAsync(allocationId, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        var root = found;
        while (root.ParentAllocationId is { } parent && await allocations.FindAsync(parent, cancellationToken).ConfigureAwait(false) is { } above)
        {
            root = above;
        }

        var tree = new List<AllocationRecord> { root };
        for (var level = new[] { root.AllocationId }; level.Length > 0;)
        {
            var below = await ChildrenAsync(level, cancellationToken).ConfigureAwait(false);
            tree.AddRange(below);
            level = [.. below.Select(c => c.AllocationId)];
        }

        var amounts = await AmountsAsync([.. tree.SelectMany(a => new[] { $"{a.AllocationId}.cover", $"{a.AllocationId}.penalty" })], cancellationToken)
            .ConfigureAwait(false);
        return [.. tree.Select(a => new LineageNode(a, amounts.GetValueOrDefault($"{a.AllocationId}.cover"), amounts.GetValueOrDefault($"{a.AllocationId}.penalty")))];
    }

    /// <summary>The allocations that replace these (failover's), in chain order.</summary>
    public async Task<IReadOnlyList<AllocationRecord>> ChildrenAsync(string[] parentIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var children = await FailoverRows.ChildrenAsync(connection, null, parentIds, cancellationToken).ConfigureAwait(false);
        return [.. children.Values.SelectMany(c => c).OrderBy(c => c.MarketId, StringComparer.Ordinal).ThenBy(c => c.Sequence)];
    }

    private async Task<Dictionary<string, decimal>> AmountsAsync(string[] transferIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT transfer_id, amount FROM ledger_transfers WHERE transfer_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", transferIds);
        var amounts = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            amounts[reader.GetString(0)] = Money.Normalize(reader.GetDecimal(1));
        }

        return amounts;
    }
}
