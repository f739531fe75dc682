using Exchange.Storage.Journal;
using Npgsql;

namespace Exchange.Storage.Ledger;

/// <summary>
/// The ledger's settled horizon: no allocation matched before it will ever be added, so pages read in match order
/// up to it never skip a row that commits later. Writers refuse allocations behind it (see migration 0011).
/// </summary>
public sealed class LedgerHorizon(NpgsqlDataSource dataSource)
{
    /// <summary>The current horizon; <see cref="DateTimeOffset.MinValue"/> until it was first settled.</summary>
    public async Task<DateTimeOffset> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.ReadHorizon);
        return ToOffset(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The current horizon, read inside the caller's transaction.</summary>
    public static async Task<DateTimeOffset> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(JournalSql.ReadHorizon, connection, transaction);
        return ToOffset(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Moves the horizon to the database's clock minus <paramref name="bound"/> (never back), unless it already stands
    /// within <paramref name="freshEnough"/> of that (another silo just moved it). A batch whose allocations were matched
    /// more than the bound before it commits is refused, so the bound must exceed the longest ordinary wait between a
    /// match and its commit. Moving it waits for the writers in flight and holds new ones back; when that wait exceeds a
    /// moment, this round gives up (<see cref="Settlement.Moved"/> is false) rather than stall the order path.
    /// </summary>
    public async Task<Settlement> SettleAsync(TimeSpan bound, TimeSpan freshEnough, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var look = new NpgsqlCommand(JournalSql.ReadHorizonAndClock, connection))
        {
            await using var reader = await look.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var (current, clock) = (ToOffset(reader.GetValue(0)), ToOffset(reader.GetValue(1)));
            if (current > clock - bound - freshEnough)
            {
                return new Settlement(current, clock, Moved: false);
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var sql in (string[])[JournalSql.SettleLockTimeout, JournalSql.CloseLedgerGate])
            {
                await using var step = new NpgsqlCommand(sql, connection, transaction);
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return new Settlement(await ReadAsync(cancellationToken).ConfigureAwait(false), DateTimeOffset.MinValue, Moved: false);
        }

        await using var advance = new NpgsqlCommand(JournalSql.AdvanceHorizon, connection, transaction);
        advance.Parameters.AddWithValue("bound", bound);
        await using (var reader = await advance.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var settlement = new Settlement(ToOffset(reader.GetValue(0)), ToOffset(reader.GetValue(1)), Moved: true);
            await reader.CloseAsync().ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return settlement;
        }
    }

    // '-infinity' reads as DateTime.MinValue.
    private static DateTimeOffset ToOffset(object? value) => value switch
    {
        DateTime time when time == DateTime.MinValue => DateTimeOffset.MinValue,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException("The ledger horizon row is missing; run the migrations."),
    };
}

/// <summary>Where a settling round left the horizon, the database's clock it went by (MinValue when unknown), and whether it moved.</summary>
public sealed record Settlement(DateTimeOffset Horizon, DateTimeOffset DatabaseClock, bool Moved);
