using Npgsql;

namespace Exchange.Storage.Reservations;

/// <summary>Hands out reservation epochs: each tenant or cluster grain activation takes the next one of its holder before it reads its orders.</summary>
public sealed class ReservationEpochStore(NpgsqlDataSource dataSource)
{
    // One statement, so its row lock is held only until its own commit: batches checking the old epoch wait for that
    // commit and then see the new epoch (migration 0015).
    private const string NextEpoch = """
        INSERT INTO reservation_epochs (holder, epoch) VALUES (@holder, 1)
        ON CONFLICT (holder) DO UPDATE SET epoch = reservation_epochs.epoch + 1
        RETURNING epoch
        """;

    /// <summary>Makes a new epoch current for the holder and returns it; orders admitted under any earlier one are refused from now on.</summary>
    public async Task<long> BeginEpochAsync(string holder, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(NextEpoch);
        command.Parameters.AddWithValue("holder", holder);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
