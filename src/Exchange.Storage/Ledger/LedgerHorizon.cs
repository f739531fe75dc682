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

    /// <summary>
    /// Moves the horizon to the database's clock minus <paramref name="bound"/> (never back) and returns it. A batch
    /// whose allocations were matched more than the bound before it commits is refused, so the bound must exceed the
    /// longest ordinary wait between a match and its commit.
    /// </summary>
    public async Task<DateTimeOffset> SettleAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Three statements, three round trips: this runs once a second, and a lock wait is clearer on its own.
        foreach (var sql in (string[])[JournalSql.SettleLockTimeout, JournalSql.TakeLedgerLock])
        {
            await using var step = new NpgsqlCommand(sql, connection, transaction);
            await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var advance = new NpgsqlCommand(JournalSql.AdvanceHorizon, connection, transaction);
        advance.Parameters.AddWithValue("bound", bound);
        var horizon = ToOffset(await advance.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return horizon;
    }

    // '-infinity' reads as DateTime.MinValue.
    private static DateTimeOffset ToOffset(object? value) => value switch
    {
        DateTime time when time == DateTime.MinValue => DateTimeOffset.MinValue,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException("The ledger horizon row is missing; run the migrations."),
    };
}
