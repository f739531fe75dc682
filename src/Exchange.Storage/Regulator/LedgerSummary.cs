using Exchange.Markets;
using Exchange.Storage.Ledger;
using Npgsql;

namespace Exchange.Storage.Regulator;

/// <summary>One group of a ledger summary: the group's keys (by dimension name), and its allocation count, tokens and exact USD notional.</summary>
public sealed record SummaryRow(IReadOnlyDictionary<string, string> Keys, long Allocations, long Quantity, decimal Notional);

/// <summary>Aggregates of the allocation ledger grouped by any of region, jurisdiction, model, provider and day (UTC, of the match).</summary>
public sealed class LedgerSummary(NpgsqlDataSource dataSource)
{
    /// <summary>The dimensions a summary can group by, and the SQL expression of each.</summary>
    public static readonly IReadOnlyDictionary<string, string> Dimensions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["region"] = "region",
        ["jurisdiction"] = "buyer_jurisdiction",
        ["model"] = "model",
        ["provider"] = "provider_id",
        ["day"] = "to_char(matched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
    };

    /// <summary>
    /// One row per group, ordered by the groups' keys. Notional is summed from each allocation's quantity × price (/ 10¹²),
    /// which the hash chain covers, not from the stored notional column: exact, so the rows add up to the ledger.
    /// </summary>
    public async Task<IReadOnlyList<SummaryRow>> SummarizeAsync(AllocationFilter filter, IReadOnlyList<string> groupBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(groupBy);
        var expressions = groupBy.Select(g => Dimensions.TryGetValue(g, out var sql) ? sql : throw new ArgumentException($"Unknown dimension '{g}'.", nameof(groupBy))).ToArray();
        await using var command = dataSource.CreateCommand();
        var keys = expressions.Length == 0 ? "" : string.Join(", ", expressions) + ", ";
        var grouping = expressions.Length == 0 ? "" : $"GROUP BY {string.Join(", ", expressions)} ORDER BY {string.Join(", ", expressions)}";
        command.CommandText = $"""
            SELECT {keys}count(*), coalesce(sum(quantity), 0)::bigint, coalesce(sum(quantity::numeric * price_micros), 0) * 0.000000000001
            FROM allocations WHERE {AllocationQueries.Where(filter, command)} {grouping}
            """;
        command.CommandTimeout = 0;
        var rows = new List<SummaryRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var group = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < groupBy.Count; i++)
            {
                group[groupBy[i]] = reader.GetString(i);
            }

            rows.Add(new SummaryRow(group, reader.GetInt64(groupBy.Count), reader.GetInt64(groupBy.Count + 1), Money.Normalize(reader.GetDecimal(groupBy.Count + 2))));
        }

        return rows;
    }
}
