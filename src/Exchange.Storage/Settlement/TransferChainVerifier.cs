using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>How the transfers' chain checked out: how many were checked, and the first broken one (position, id, what is wrong).</summary>
public sealed record TransferVerification(bool Ok, long Checked, long? Position, string? TransferId, string? Problem);

/// <summary>
/// Recomputes the ledger's transfer chain from the rows: positions dense from 1, each prevHash the hash before it, each
/// hash SHA-256 over prevHash and the transfer's canonical bytes (<see cref="TransferHasher"/>). An edited, deleted or
/// reordered row breaks it at that row.
/// </summary>
public sealed class TransferChainVerifier(NpgsqlDataSource dataSource)
{
    public async Task<TransferVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {StoredTransfer.Columns} FROM ledger_transfers ORDER BY position", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var prevHash = TransferHasher.Genesis.ToArray();
        long expected = 1;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = StoredTransfer.Read(reader);
            var problem = row.Position != expected ? $"position {expected} is missing (the next row is {row.Position})"
                : !row.PrevHash.AsSpan().SequenceEqual(prevHash) ? "its prevHash is not the hash of the transfer before it"
                : !TransferHasher.Hash(prevHash, row.Transfer, row.Status, row.At).AsSpan().SequenceEqual(row.Hash) ? "its content does not match its hash (the row was altered)"
                : null;
            if (problem is not null)
            {
                return new TransferVerification(false, expected - 1, row.Position, row.Transfer.TransferId, problem);
            }

            prevHash = row.Hash;
            expected++;
        }

        return new TransferVerification(true, expected - 1, null, null, null);
    }
}
