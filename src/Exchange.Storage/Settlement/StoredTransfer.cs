using System.Data.Common;
using Exchange.Markets;
using Exchange.Markets.Settlement;

namespace Exchange.Storage.Settlement;

/// <summary>A transfer as the ledger keeps it: where it stands in the chain, its status, time, the run or reference that made it, and its hashes.</summary>
public sealed record StoredTransfer(
    long Position, Transfer Transfer, TransferStatus Status, DateTimeOffset At, long? RunId, string? Reference, byte[] PrevHash, byte[] Hash)
{
    /// <summary>The columns of the transfer itself, in the order <see cref="ReadTransfer"/> reads them.</summary>
    public const string TransferColumns = "transfer_id, kind, debit_account, credit_account, amount, allocation_id";

    public const string Columns = $"position, {TransferColumns}, status, at, run_id, reference, prev_hash, hash";

    public static StoredTransfer Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new StoredTransfer(reader.GetInt64(0), ReadTransfer(reader, 1), Enum.Parse<TransferStatus>(reader.GetString(7)),
            reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.GetFieldValue<byte[]>(11), reader.GetFieldValue<byte[]>(12));
    }

    /// <summary>The transfer from its <see cref="TransferColumns"/>, starting at column <paramref name="first"/>.</summary>
    public static Transfer ReadTransfer(DbDataReader reader, int first = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Transfer(
            reader.GetString(first), Enum.Parse<TransferKind>(reader.GetString(first + 1)), LedgerAccount.Parse(reader.GetString(first + 2)),
            LedgerAccount.Parse(reader.GetString(first + 3)), Money.Normalize(reader.GetDecimal(first + 4)),
            reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5));
    }
}
