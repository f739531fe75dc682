using Exchange.TestSupport;

namespace Exchange.Silo.Tests.Api;

/// <summary>
/// How much the exchange has stored: rows of every table a request could write, and the Orleans grain states with the
/// sum of their versions (a grain state written again keeps its row but bumps the version). Two equal values mean
/// nothing was stored in between; the API tests run one at a time. Settlement writes in the background (escrow when
/// an allocation becomes final), so of the ledger only the transfers a request makes (deposits, payouts) are counted, and
/// of disputes only those that ended (a run opens them, an operator or a later run ends them).
/// </summary>
public sealed record StoredState(
    long Orders, long Journal, long Allocations, long HolderMarkets, long ApiKeys, long IdempotencyKeys, long MeterKeys, long MeterBatches, long MeterReadings,
    long OperatorTransfers, long GrainStates, long GrainVersions, long Receipts, long EndedDisputes, long HealthChanges)
{
    public static async Task<StoredState> ReadAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var command = database.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM orders), (SELECT coalesce(sum(last_sequence - first_sequence + 1), 0)::bigint FROM market_journal_batches), (SELECT count(*) FROM allocations),
                   (SELECT count(*) FROM holder_markets), (SELECT count(*) FROM api_keys), (SELECT count(*) FROM idempotency_keys), (SELECT count(*) FROM meter_keys), (SELECT count(*) FROM meter_batches), (SELECT count(*) FROM meter_readings),
                   (SELECT count(*) FROM ledger_transfers WHERE kind IN ('Deposit', 'Payout')), (SELECT count(*) FROM orleansstorage), (SELECT coalesce(sum(version), 0) FROM orleansstorage),
                   (SELECT count(*) FROM allocation_receipts), (SELECT count(*) FROM settlement_disputes WHERE outcome IS NOT NULL), (SELECT count(*) FROM cluster_health)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new StoredState(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6),
            reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14));
    }

    /// <summary>Runs <paramref name="action"/> (requests and their checks) and asserts that nothing was stored meanwhile.</summary>
    public static async Task<T> UnchangedAsync<T>(TestDatabase database, Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = await ReadAsync(database);
        var result = await action();
        Assert.Equal(before, await ReadAsync(database));
        return result;
    }
}
