using System.Runtime.CompilerServices;
using System.Text;
using Exchange.Markets;
using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>Which transfers to read; every filter that is set must hold. Times bound <c>at</c> as [From, To).</summary>
public sealed record TransferFilter
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Transfers that touch any account this tenant holds (its cash, payable, outside account, its allocations' escrow).</summary>
    public string? TenantId { get; init; }

    public string? AllocationId { get; init; }

    public TransferKind? Kind { get; init; }
}

/// <summary>A line of a statement: a transfer, signed from the tenant's side, and the tenant's money after it.</summary>
public sealed record StatementLine(StoredTransfer Transfer, decimal Amount, decimal BalanceAfter);

/// <summary>A tenant's statement for [From, To): its money (cash and payable together) before, every transfer that moved it, and after.</summary>
public sealed record Statement(decimal Opening, IReadOnlyList<StatementLine> Lines, decimal Closing);

/// <summary>One row of regulators' flows: the grouping's values (by name) and what was delivered, charged, credited and refunded in it.</summary>
public sealed record FlowRow(IReadOnlyDictionary<string, string> Keys, long Delivered, decimal Charged, decimal Credited, decimal Refunded);

/// <summary>Reads the ledger's transfers: pages for operators and regulators, tenants' statements, and the export flows.</summary>
public sealed class TransferQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The names flows may be grouped by, and the column each is.</summary>
    public static IReadOnlyDictionary<string, string> FlowGroups { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["region"] = "s.region",
        ["jurisdiction"] = "s.buyer_jurisdiction",
        ["model"] = "s.model",
        ["provider"] = "s.provider_id",
        ["day"] = "to_char(i.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
    };

    // Transfers in or out of @own (cash and payable accounts), in words the partial account indexes answer.
    private static readonly string Touching = $"({OwnDebit("debit_account = ANY(@own)")} OR {OwnCredit("credit_account = ANY(@own)")})";

    /// <summary>A condition on debit_account with the predicate of its index (escrow accounts are not in it), so the planner may use the index.</summary>
    private static string OwnDebit(string condition) => $"({condition} AND debit_account NOT LIKE '%:escrow')";

    private static string OwnCredit(string condition) => $"({condition} AND credit_account NOT LIKE '%:escrow')";

    /// <summary>Up to <paramref name="limit"/> transfers matching the filter after chain position <paramref name="after"/>, in chain order.</summary>
    public async Task<IReadOnlyList<StoredTransfer>> ReadAsync(TransferFilter filter, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand();
        var where = new StringBuilder("position > @after");
        command.Parameters.AddWithValue("after", after);
        if (filter.From is { } from)
        {
            where.Append(" AND at >= @from");
            command.Parameters.AddWithValue("from", from);
        }

        if (filter.To is { } to)
        {
            where.Append(" AND at < @to");
            command.Parameters.AddWithValue("to", to);
        }

        if (filter.TenantId is { } tenant)
        {
            // The tenant's escrows through their allocations: the account indexes leave escrow accounts out (migration 0028).
            where.Append($" AND ({OwnDebit("debit_account IN (SELECT account FROM ledger_accounts WHERE holder = @tenant)")}"
                + $" OR {OwnCredit("credit_account IN (SELECT account FROM ledger_accounts WHERE holder = @tenant)")}"
                + " OR allocation_id IN (SELECT left(account, -length(':escrow')) FROM ledger_accounts WHERE holder = @tenant AND kind = 'Escrow'))");
            command.Parameters.AddWithValue("tenant", tenant);
        }

        if (filter.AllocationId is { } allocation)
        {
            where.Append(" AND allocation_id = @allocation");
            command.Parameters.AddWithValue("allocation", allocation);
        }

        if (filter.Kind is { } kind)
        {
            where.Append(" AND kind = @kind");
            command.Parameters.AddWithValue("kind", kind.ToString());
        }

        command.CommandText = $"SELECT {StoredTransfer.Columns} FROM ledger_transfers WHERE {where} ORDER BY position LIMIT @limit";
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<StoredTransfer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(StoredTransfer.Read(reader));
        }

        return rows;
    }

    /// <summary>
    /// The tenant's statement for [<paramref name="from"/>, <paramref name="to"/>): the transfers in or out of its own money
    /// (cash and payable; escrow is the buyer's payment on its way, so funding it is a line out of cash), oldest first.
    /// </summary>
    public async Task<Statement> StatementAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        string[] own = [LedgerAccount.Cash(tenantId).ToString(), LedgerAccount.Payable(tenantId).ToString()];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var opening = new NpgsqlCommand($"""
            SELECT coalesce(sum(CASE WHEN credit_account = ANY(@own) THEN amount ELSE 0 END)
                          - sum(CASE WHEN debit_account = ANY(@own) THEN amount ELSE 0 END), 0)
            FROM ledger_transfers WHERE {Touching} AND at < @from AND status = 'Posted'
            """, connection, transaction);
        opening.Parameters.AddWithValue("own", own);
        opening.Parameters.AddWithValue("from", from);
        var balance = Money.Normalize((decimal)(await opening.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        var start = balance;

        await using var lines = new NpgsqlCommand($"""
            SELECT {StoredTransfer.Columns} FROM ledger_transfers
            WHERE {Touching} AND at >= @from AND at < @to AND status = 'Posted'
            ORDER BY position
            """, connection, transaction);
        lines.Parameters.AddWithValue("own", own);
        lines.Parameters.AddWithValue("from", from);
        lines.Parameters.AddWithValue("to", to);
        var result = new List<StatementLine>();
        await using var reader = await lines.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var stored = StoredTransfer.Read(reader);
            var amount = (own.Contains(stored.Transfer.To.ToString()) ? stored.Transfer.Amount : 0m)
                - (own.Contains(stored.Transfer.From.ToString()) ? stored.Transfer.Amount : 0m);
            balance += amount;
            result.Add(new StatementLine(stored, amount, balance));
        }

        return new Statement(start, result, balance);
    }

    /// <summary>
    /// What settled intervals (and the disputes that ended, counted in the last interval's day) delivered, charged, credited and refunded, grouped by <paramref name="groupBy"/> (names of
    /// <see cref="FlowGroups"/>), for intervals starting in [<paramref name="from"/>, <paramref name="to"/>).
    /// </summary>
    public async IAsyncEnumerable<FlowRow> FlowsAsync(
        IReadOnlyList<string> groupBy, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupBy);
        var columns = groupBy.Select(g => FlowGroups[g]).ToArray();
        var select = string.Concat(columns.Select(c => c + ", "));
        var group = columns.Length == 0 ? "" : "GROUP BY " + string.Join(", ", columns) + " ORDER BY " + string.Join(", ", columns);
        await using var command = dataSource.CreateCommand($"""
            SELECT {select}sum(i.delivered), sum(i.charged), sum(i.credited), sum(i.refunded)
            FROM (SELECT allocation_id, starts_at, delivered, charged, credited, refunded FROM settlement_intervals
                  UNION ALL
                  SELECT allocation_id, starts_at, awarded, charged, credited, refunded FROM settlement_disputes WHERE outcome IS NOT NULL) i
            JOIN settlement_allocations s ON s.allocation_id = i.allocation_id
            WHERE (@from::timestamptz IS NULL OR i.starts_at >= @from) AND (@to::timestamptz IS NULL OR i.starts_at < @to)
            {group}
            """);
        command.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)from ?? DBNull.Value);
        command.Parameters.AddWithValue("to", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)to ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var n = columns.Length;
            if (reader.IsDBNull(n))
            {
                continue; // no interval at all: the ungrouped sum of nothing
            }

            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                keys[groupBy[i]] = reader.GetString(i);
            }

            yield return new FlowRow(keys, (long)reader.GetDecimal(n), Money.Normalize(reader.GetDecimal(n + 1)),
                Money.Normalize(reader.GetDecimal(n + 2)), Money.Normalize(reader.GetDecimal(n + 3)));
        }
    }
}
